#include "server/server.hpp"

#include "server/worker.hpp"

#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

namespace wsgate::proxy::server {

namespace {

using namespace std::chrono_literals;

// SIGTERM: open sessions are closed at once; this bounds how long the
// workers get to notice before they are stopped outright.
constexpr auto fast_stop_grace = 1500ms;
// Without worker_shutdown_timeout nginx waits for open sessions however long
// they last; a year stands for that.
constexpr auto unbounded_shutdown = std::chrono::hours(24 * 365);
// How often the stopper looks whether every worker has finished.
constexpr auto idle_check_interval = 50ms;

std::string host_name() {
    char name[256] = {};
    ::gethostname(name, sizeof name - 1);
    return name;
}

class pid_file {
public:
    explicit pid_file(std::string path) : path_(std::move(path)) {
        if (path_.empty()) return;
        std::ofstream out(path_);
        if (!out) throw std::runtime_error("open() \"" + path_ + "\" failed");
        out << ::getpid() << "\n";
    }
    ~pid_file() {
        if (!path_.empty()) std::filesystem::remove(path_);
    }

private:
    std::string path_;
};

}  // namespace

int run(const config::main_config& config) {
    error_log errors(config.error_log_path, config.error_log_level);
    access_logs access;
    for (const auto& server : config.servers)
        for (const auto& loc : server.locations)
            if (loc.access_log) access.open(*loc.access_log);
    for (const auto& server : config.servers)
        if (server.unmatched.access_log) access.open(*server.unmatched.access_log);
    tls_contexts tls(config);
    std::map<const config::upstream_block*, std::unique_ptr<http::balancer>> balancers;
    for (const auto& u : config.upstreams) balancers[&u] = std::make_unique<http::balancer>(u);
    proxy_context ctx{config, tls, balancers, errors, access, host_name()};

    // Signals go to this thread only: workers never see them.
    sigset_t signals;
    sigemptyset(&signals);
    for (int s : {SIGTERM, SIGINT, SIGQUIT, SIGHUP}) sigaddset(&signals, s);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    ::signal(SIGPIPE, SIG_IGN);

    const unsigned count = config.worker_processes > 0 ? static_cast<unsigned>(config.worker_processes)
                                                       : std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::unique_ptr<worker>> workers;
    for (unsigned i = 0; i < count; ++i) workers.push_back(std::make_unique<worker>(ctx));
    pid_file pid(config.pid_path);
    for (auto& w : workers) w->start();
    errors.write(config::log_level::notice, 0, "start worker processes (" + std::to_string(count) + " threads)");

    int sig = 0;
    while (sigwait(&signals, &sig) == 0 && sig == SIGHUP)
        errors.write(config::log_level::notice, 0, "SIGHUP ignored: wsgate-proxy does not reload, restart it");
    const bool graceful = sig == SIGQUIT;
    errors.write(config::log_level::notice, 0,
                 std::string(graceful ? "gracefully shutting down" : "exiting") + " (signal " + std::to_string(sig) + ")");
    for (auto& w : workers) w->shut_down(graceful);
    const auto grace = graceful ? config.worker_shutdown_timeout.value_or(unbounded_shutdown)
                                : std::chrono::duration_cast<config::millis>(fast_stop_grace);
    // Workers end by themselves once their sessions are gone; a second
    // SIGTERM or the grace period ends them outright.
    std::thread stopper([&] {
        const timespec step{0, std::chrono::nanoseconds(idle_check_interval).count()};
        const auto until = std::chrono::steady_clock::now() + grace;
        siginfo_t info;
        while (std::chrono::steady_clock::now() < until) {
            const int got = sigtimedwait(&signals, &info, &step);
            if (got == SIGTERM || got == SIGINT) break;
            bool all_done = true;
            for (auto& w : workers) all_done = all_done && w->idle();
            if (all_done) return;
        }
        for (auto& w : workers) w->stop_now();
    });
    for (auto& w : workers) w->join();
    stopper.join();
    errors.write(config::log_level::notice, 0, "exit");
    return 0;
}

}  // namespace wsgate::proxy::server
