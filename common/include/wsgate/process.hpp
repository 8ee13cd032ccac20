// Child process control shared by the harness and the integration tests:
// every child gets its own process group, dies with its parent, and is stopped
// with a bounded wait.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace wsgate::proc {

// SIGTERM gives a child this long to exit on its own before SIGKILL.
inline constexpr std::chrono::milliseconds default_stop_grace = std::chrono::seconds(2);
// SIGKILL ends a process at once; this bounds waiting for the kernel to reap it.
inline constexpr std::chrono::milliseconds kill_reap_limit = std::chrono::seconds(5);
// How often a wait for a file, a port or a process to be ready looks again.
inline constexpr std::chrono::milliseconds readiness_poll{10};

struct spawn_options {
    std::vector<std::string> argv;  // argv[0] is the program path
    std::string stdout_path;        // empty: inherit
    std::string stderr_path;        // empty: inherit; same as stdout_path: shared file
    std::string working_dir;        // empty: inherit
    std::vector<std::string> env;   // NAME=VALUE set on top of the parent's environment
    int cpu = -1;                   // >= 0: the process and its threads run on this CPU only
};

// Status as waitpid reports it, in words: "exited with 3", "killed by SIGKILL".
std::string describe_status(int wait_status);

class child {
public:
    // Throws std::system_error when fork or exec fails.
    explicit child(const spawn_options& options);
    child(child&& other) noexcept;
    child& operator=(child&& other) noexcept;
    child(const child&) = delete;
    child& operator=(const child&) = delete;
    ~child();

    pid_t pid() const { return pid_; }

    // True while the process has not been reaped.
    bool running();

    // The wait status once the process ended, nullopt if still running after
    // the timeout.
    std::optional<int> wait_for(std::chrono::milliseconds timeout);

    // Sends sig to the child's whole process group.
    void signal(int sig);

    // SIGTERM, up to grace to exit, then SIGKILL. Returns the wait status.
    int stop(std::chrono::milliseconds grace = default_stop_grace);

    std::optional<int> status() const { return status_; }

private:
    pid_t pid_ = -1;
    std::optional<int> status_;
};

// Runs body in a forked copy of this process and waits at most limit for it
// to end: for work that could hang or crash on hostile input (a third-party
// parser), so that the caller only ever sees a status. The copy exits 0 when
// body returns, 1 when it throws; it is killed at the limit and when this
// process dies. Returns the wait status, nullopt when the limit was reached.
// Throws std::system_error when fork fails.
std::optional<int> run_bounded(const std::function<void()>& body, std::chrono::milliseconds limit);

// Polls until path exists (non-empty) or the timeout passes.
bool wait_for_file(const std::string& path, std::chrono::milliseconds timeout);

// Polls until a TCP connect to host:port succeeds or the timeout passes.
bool wait_for_port(const std::string& host, unsigned short port, std::chrono::milliseconds timeout);

}  // namespace wsgate::proc
