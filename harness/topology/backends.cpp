#include "topology/backends.hpp"

#include <signal.h>

#include <deque>
#include <fstream>
#include <thread>

namespace wsgate::topology {

namespace {

// SIGTERM gives a backend this long to close its WebSockets with 1001.
constexpr std::chrono::seconds backend_stop_grace{2};

}  // namespace

std::string tail_of(const std::filesystem::path& file, std::size_t lines) {
    std::ifstream in(file);
    std::deque<std::string> last;
    for (std::string line; std::getline(in, line);) {
        last.push_back(line);
        if (last.size() > lines) last.pop_front();
    }
    std::string text;
    for (const auto& line : last) text += "    " + line + "\n";
    return text;
}

backend_pool::backend_pool(std::filesystem::path echo_binary, std::filesystem::path run_dir, int cpu)
    : echo_binary_(std::move(echo_binary)), run_dir_(std::move(run_dir)), cpu_(cpu) {}

backend_pool::~backend_pool() { stop(); }

void backend_pool::start(const layout& l, std::chrono::milliseconds timeout) {
    std::filesystem::create_directories(run_dir_);
    for (const auto& spec : l.backends) backends_[spec.id].spec = spec;
    for (auto& [id, b] : backends_) launch(b, timeout);
}

void backend_pool::stop() {
    for (auto& [id, b] : backends_) {
        if (b.process) b.process->stop(backend_stop_grace);
        b.process.reset();
    }
}

backend_pool::backend& backend_pool::find(const std::string& id) {
    auto it = backends_.find(id);
    if (it == backends_.end()) throw std::invalid_argument("no backend with id \"" + id + "\"");
    return it->second;
}

void backend_pool::launch(backend& b, std::chrono::milliseconds timeout) {
    const auto ready = run_dir_ / ("backend-" + b.spec.file_stem() + ".ready");
    const auto log = run_dir_ / ("backend-" + b.spec.file_stem() + ".log");
    std::filesystem::remove(ready);
    b.killed_on_purpose = false;
    b.listening = true;
    b.process.emplace(proc::spawn_options{
        .argv = {echo_binary_.string(), "--listen", b.spec.address() + "=" + b.spec.id, "--ready-file",
                 ready.string()},
        .stdout_path = log.string(),
        .stderr_path = log.string(),
        .cpu = cpu_,
    });
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!std::filesystem::exists(ready)) {
        if (!b.process->running())
            throw start_error("backend " + b.spec.id + " (" + b.spec.address() + ") " +
                              proc::describe_status(*b.process->status()) + ":\n" + tail_of(log));
        if (std::chrono::steady_clock::now() >= deadline)
            throw start_error("backend " + b.spec.id + " (" + b.spec.address() +
                              ") not ready after " + std::to_string(timeout.count()) + " ms:\n" +
                              tail_of(log));
        std::this_thread::sleep_for(proc::readiness_poll);
    }
}

void backend_pool::kill(const std::string& id) {
    auto& b = find(id);
    b.killed_on_purpose = true;
    if (b.process) {
        b.process->signal(SIGKILL);
        b.process->wait_for(proc::kill_reap_limit);
    }
}

void backend_pool::restart(const std::string& id, std::chrono::milliseconds timeout) {
    auto& b = find(id);
    if (b.process) {
        b.killed_on_purpose = true;
        b.process->stop(backend_stop_grace);
    }
    launch(b, timeout);
}

void backend_pool::stop_listening(const std::string& id) {
    auto& b = find(id);
    if (b.process) b.process->signal(SIGUSR1);
    b.listening = false;
}

void backend_pool::restore_all(std::chrono::milliseconds timeout) {
    for (auto& [id, b] : backends_) {
        if (b.process && b.process->running() && b.listening) continue;
        if (b.process) b.process->stop(backend_stop_grace);
        launch(b, timeout);
    }
}

std::map<std::string, std::string> backend_pool::unexpected_exits() {
    std::map<std::string, std::string> exits;
    for (auto& [id, b] : backends_) {
        if (b.process && !b.killed_on_purpose && !b.process->running())
            exits[id] = proc::describe_status(*b.process->status());
    }
    return exits;
}

pid_t backend_pool::pid_of(const std::string& id) const {
    const auto it = backends_.find(id);
    if (it == backends_.end() || !it->second.process) return 0;
    return it->second.process->pid();
}

}  // namespace wsgate::topology
