#include "wsgate/process.hpp"

#include "wsgate/connect.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>
#include <thread>

extern char** environ;

namespace wsgate::proc {

std::string describe_status(int wait_status) {
    if (WIFEXITED(wait_status)) return "exited with " + std::to_string(WEXITSTATUS(wait_status));
    if (WIFSIGNALED(wait_status)) {
        const char* name = sigabbrev_np(WTERMSIG(wait_status));
        return std::string("killed by SIG") + (name ? name : std::to_string(WTERMSIG(wait_status)).c_str());
    }
    return "status " + std::to_string(wait_status);
}

namespace {

// What a shell reports for a command it could not run.
constexpr int could_not_run_status = 127;
// A child still running when its handle goes gets this long after SIGTERM:
// the destructor blocks meanwhile.
constexpr std::chrono::milliseconds destructor_stop_grace{500};
// How often a wait for a child's exit looks again.
constexpr std::chrono::milliseconds exit_poll{5};

int open_output(const std::string& path) {
    return ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
}

// In a forked child: it must not outlive the process that started it, even
// if that process is killed without a chance to clean up. The check after
// prctl catches a parent that died before it took effect.
void die_with_parent(pid_t parent, int sig) {
    ::prctl(PR_SET_PDEATHSIG, sig);
    if (::getppid() != parent) ::_exit(could_not_run_status);
}

// Runs in the forked child: only async-signal-safe calls until exec.
[[noreturn]] void exec_child(const spawn_options& o, char* const* argv, char* const* envp, pid_t parent,
                             int err_pipe) {
    ::setpgid(0, 0);
    // SIGTERM rather than SIGKILL lets a master process (nginx, haproxy)
    // take its workers along.
    die_with_parent(parent, SIGTERM);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::signal(SIGPIPE, SIG_DFL);
    ::signal(SIGINT, SIG_DFL);
    ::signal(SIGTERM, SIG_DFL);
    int out_fd = -1;
    if (!o.stdout_path.empty()) {
        out_fd = open_output(o.stdout_path);
        if (out_fd < 0 || ::dup2(out_fd, 1) < 0) goto fail;
    }
    if (!o.stderr_path.empty()) {
        if (o.stderr_path == o.stdout_path) {
            if (::dup2(1, 2) < 0) goto fail;
        } else {
            int err_fd = open_output(o.stderr_path);
            if (err_fd < 0 || ::dup2(err_fd, 2) < 0) goto fail;
        }
    }
    if (!o.working_dir.empty() && ::chdir(o.working_dir.c_str()) != 0) goto fail;
    if (o.cpu >= 0) {
        cpu_set_t one;
        CPU_ZERO(&one);
        CPU_SET(o.cpu, &one);
        if (::sched_setaffinity(0, sizeof one, &one) != 0) goto fail;
    }
    ::execve(argv[0], argv, envp);
fail:
    int e = errno;
    [[maybe_unused]] auto n = ::write(err_pipe, &e, sizeof e);
    ::_exit(could_not_run_status);
}

}  // namespace

child::child(const spawn_options& options) {
    if (options.argv.empty()) throw std::invalid_argument("spawn: empty argv");
    std::vector<char*> argv;
    for (const auto& a : options.argv) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    // The environment is built before fork: the child may only make
    // async-signal-safe calls.
    std::vector<std::string> env_entries;
    for (char** e = environ; *e; ++e) {
        const std::string entry = *e;
        const auto name = entry.substr(0, entry.find('=') + 1);
        const bool overridden = std::any_of(options.env.begin(), options.env.end(),
                                            [&](const std::string& x) { return x.starts_with(name); });
        if (!overridden) env_entries.push_back(entry);
    }
    env_entries.insert(env_entries.end(), options.env.begin(), options.env.end());
    std::vector<char*> envp;
    for (auto& e : env_entries) envp.push_back(e.data());
    envp.push_back(nullptr);

    // A close-on-exec pipe tells the parent whether exec succeeded.
    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "pipe2");
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) {
        const int e = errno;
        ::close(pipe_fds[0]);
        ::close(pipe_fds[1]);
        throw std::system_error(e, std::generic_category(), "fork");
    }
    if (pid == 0) {
        ::close(pipe_fds[0]);
        exec_child(options, argv.data(), envp.data(), parent, pipe_fds[1]);
    }
    ::close(pipe_fds[1]);
    // Also set the group from the parent so signal() cannot race the child's setpgid.
    ::setpgid(pid, pid);
    int child_errno = 0;
    ssize_t n;
    do {
        n = ::read(pipe_fds[0], &child_errno, sizeof child_errno);
    } while (n < 0 && errno == EINTR);
    ::close(pipe_fds[0]);
    pid_ = pid;
    if (n == sizeof child_errno) {
        int st = 0;
        ::waitpid(pid, &st, 0);
        pid_ = -1;
        throw std::system_error(child_errno, std::generic_category(), "exec " + options.argv[0]);
    }
}

child::child(child&& other) noexcept : pid_(other.pid_), status_(other.status_) { other.pid_ = -1; }

child& child::operator=(child&& other) noexcept {
    if (this != &other) {
        if (pid_ > 0 && !status_) stop();
        pid_ = other.pid_;
        status_ = other.status_;
        other.pid_ = -1;
    }
    return *this;
}

child::~child() {
    if (pid_ > 0 && !status_) stop(destructor_stop_grace);
}

bool child::running() {
    if (pid_ <= 0 || status_) return false;
    int st = 0;
    const pid_t r = ::waitpid(pid_, &st, WNOHANG);
    if (r == pid_) {
        status_ = st;
        return false;
    }
    return true;
}

std::optional<int> child::wait_for(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (running()) {
        if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
        std::this_thread::sleep_for(exit_poll);
    }
    return status_;
}

void child::signal(int sig) {
    if (pid_ > 0 && !status_) ::kill(-pid_, sig);
}

int child::stop(std::chrono::milliseconds grace) {
    if (pid_ <= 0) return 0;
    if (status_) return *status_;
    signal(SIGTERM);
    if (auto st = wait_for(grace)) {
        // Grandchildren left in the group go too.
        ::kill(-pid_, SIGKILL);
        return *st;
    }
    signal(SIGKILL);
    auto st = wait_for(kill_reap_limit);
    return st.value_or(-1);
}

std::optional<int> run_bounded(const std::function<void()>& body, std::chrono::milliseconds limit) {
    int done_pipe[2];
    if (::pipe2(done_pipe, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "pipe");
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) {
        const int err = errno;
        ::close(done_pipe[0]);
        ::close(done_pipe[1]);
        throw std::system_error(err, std::generic_category(), "fork");
    }
    if (pid == 0) {
        ::close(done_pipe[0]);
        die_with_parent(parent, SIGKILL);
        int code = 0;
        try {
            body();
        } catch (...) {
            code = 1;
        }
        ::_exit(code);
    }
    // The copy holds the pipe's only write end: it reads as closed the
    // moment the copy ends, so a quick body costs no polling interval.
    ::close(done_pipe[1]);
    pollfd watch{done_pipe[0], POLLIN, 0};
    int ready;
    do {
        ready = ::poll(&watch, 1, static_cast<int>(limit.count()));
    } while (ready < 0 && errno == EINTR);
    ::close(done_pipe[0]);
    // Only a closed pipe means the copy has ended; at the limit, or when
    // poll itself fails, it is killed, so the wait below never blocks long.
    const bool ended = ready > 0;
    if (!ended) ::kill(pid, SIGKILL);
    int st = 0;
    while (::waitpid(pid, &st, 0) < 0 && errno == EINTR) {
    }
    if (!ended) return std::nullopt;
    return st;
}

bool wait_for_file(const std::string& path, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        struct stat sb {};
        if (::stat(path.c_str(), &sb) == 0 && sb.st_size > 0) return true;
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(readiness_poll);
    }
}

namespace {

// A loopback connect to a listener that accepts completes in microseconds;
// this floor lets a probe with no time left still see one that is slower.
constexpr std::chrono::milliseconds connect_attempt_floor{100};

}  // namespace

bool wait_for_port(const std::string& host, unsigned short port, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto attempt_until = std::max(deadline, std::chrono::steady_clock::now() + connect_attempt_floor);
        if (const int fd = net::connect_before(host, port, attempt_until); fd >= 0) {
            ::close(fd);
            return true;
        }
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(readiness_poll);
    }
}

}  // namespace wsgate::proc
