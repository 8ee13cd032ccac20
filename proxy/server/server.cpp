#include "server/server.hpp"

#include "server/generation.hpp"

#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>
#include <variant>
#include <vector>

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
// How often the signal loop looks whether a replaced generation has finished.
constexpr auto reap_interval = 100ms;

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

// A generation replaced by a reload, finishing its sessions until idle or
// until its worker_shutdown_timeout.
struct retired {
    std::unique_ptr<generation> old;
    std::chrono::steady_clock::time_point deadline;
};

void announce(generation& g) {
    g.errors().write(config::log_level::notice, 0,
                     "start worker processes (" + std::to_string(g.threads()) + " threads)");
}

// Joins the generations that have finished; ends those past their deadline.
void reap(std::vector<retired>& retiring) {
    for (auto& r : retiring)
        if (!r.old->idle() && std::chrono::steady_clock::now() >= r.deadline) r.old->stop_now();
    std::erase_if(retiring, [](retired& r) {
        if (!r.old->idle()) return false;
        r.old->join();
        r.old->errors().write(config::log_level::notice, 0, "the worker threads of the previous configuration exited");
        return true;
    });
}

// ngx_master_process_cycle on SIGHUP: the new configuration is read and
// started beside the old one, whose workers then shut down gracefully; a
// configuration that is refused, or cannot start, leaves the old running.
std::unique_ptr<generation> reconfigure(std::unique_ptr<generation> current, const config_reader& reread,
                                        std::atomic<std::uint64_t>& connections, std::vector<retired>& retiring) {
    auto& errors = current->errors();
    errors.write(config::log_level::notice, 0, "signal 1 (SIGHUP) received, reconfiguring");
    auto next_config = reread();
    if (auto* refused = std::get_if<std::vector<std::string>>(&next_config)) {
        for (const auto& line : *refused) errors.write(config::log_level::emerg, 0, line);
        return current;
    }
    std::unique_ptr<generation> next;
    try {
        next = std::make_unique<generation>(std::move(std::get<config::main_config>(next_config)), connections,
                                            current.get());
    } catch (const std::exception& e) {
        errors.write(config::log_level::emerg, 0, e.what());
        return current;
    }
    next->start();
    announce(*next);
    errors.write(config::log_level::notice, 0, "gracefully shutting down the worker threads of the old configuration");
    current->shut_down(true);
    const auto grace = current->config().worker_shutdown_timeout.value_or(unbounded_shutdown);
    retiring.push_back({std::move(current), std::chrono::steady_clock::now() + grace});
    return next;
}

}  // namespace

int run(config::main_config config, const config_reader& reread) {
    // Signals go to this thread only: workers never see them.
    sigset_t signals;
    sigemptyset(&signals);
    for (int s : {SIGTERM, SIGINT, SIGQUIT, SIGHUP}) sigaddset(&signals, s);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    ::signal(SIGPIPE, SIG_IGN);

    std::atomic<std::uint64_t> connections{1};
    auto current = std::make_unique<generation>(std::move(config), connections, nullptr);
    pid_file pid(current->config().pid_path);
    current->start();
    announce(*current);

    std::vector<retired> retiring;
    int sig = 0;
    const timespec tick{0, std::chrono::nanoseconds(reap_interval).count()};
    siginfo_t info;
    while (true) {
        const int got = sigtimedwait(&signals, &info, &tick);
        reap(retiring);
        if (got < 0) continue;
        if (got != SIGHUP) {
            sig = got;
            break;
        }
        current = reconfigure(std::move(current), reread, connections, retiring);
    }
    const bool graceful = sig == SIGQUIT;
    current->errors().write(config::log_level::notice, 0,
                            std::string(graceful ? "gracefully shutting down" : "exiting") + " (signal " +
                                std::to_string(sig) + ")");
    current->shut_down(graceful);
    for (auto& r : retiring)
        if (!graceful) r.old->shut_down(false);
    const auto grace = graceful ? current->config().worker_shutdown_timeout.value_or(unbounded_shutdown)
                                : std::chrono::duration_cast<config::millis>(fast_stop_grace);
    // Workers end by themselves once their sessions are gone; a second
    // SIGTERM or the grace period ends them outright.
    const auto all_idle = [&] {
        bool done = current->idle();
        for (auto& r : retiring) done = done && r.old->idle();
        return done;
    };
    std::thread stopper([&] {
        const timespec step{0, std::chrono::nanoseconds(idle_check_interval).count()};
        const auto until = std::chrono::steady_clock::now() + grace;
        siginfo_t ignored;
        while (std::chrono::steady_clock::now() < until) {
            const int again = sigtimedwait(&signals, &ignored, &step);
            if (again == SIGTERM || again == SIGINT) break;
            if (all_idle()) return;
        }
        current->stop_now();
        for (auto& r : retiring) r.old->stop_now();
    });
    current->join();
    for (auto& r : retiring) r.old->join();
    stopper.join();
    current->errors().write(config::log_level::notice, 0, "exit");
    return 0;
}

}  // namespace wsgate::proxy::server
