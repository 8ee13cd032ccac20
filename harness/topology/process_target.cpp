#include "topology/process_target.hpp"

#include "topology/nginx_foreground.hpp"
#include "topology/nginx_prefix.hpp"

#include <sys/wait.h>

#include <fstream>
#include <thread>

namespace wsgate::topology {

namespace {

using namespace std::chrono_literals;

// A config check that takes longer than this is stuck (nginx -t takes milliseconds).
constexpr auto config_check_limit = 20s;
constexpr auto check_stop_grace = 1s;
constexpr auto listen_poll = 10ms;
// SIGTERM gives the proxy this long to close its connections, then SIGKILL.
constexpr auto target_stop_grace = 2s;

// The check's output as the user should read it (see check_config).
std::string check_output(const std::filesystem::path& log, const target_context& ctx,
                         const std::filesystem::path& rendered) {
    std::ifstream in(log);
    std::string out;
    for (std::string line; std::getline(in, line);) {
        if (line.find("[NOTICE]") != std::string::npos) continue;
        if (ctx.user_config) {
            const auto from = rendered.string(), to = ctx.user_config->string();
            for (auto at = line.find(from); at != std::string::npos; at = line.find(from, at + to.size()))
                line.replace(at, from.size(), to);
        }
        out += line + "\n";
    }
    return out.empty() ? "(the check printed nothing; see " + log.string() + ")\n" : out;
}

bool port_open(const std::string& host, std::uint16_t port) {
    return port == 0 || proc::wait_for_port(host, port, 0ms);
}

}  // namespace

void check_config(const std::vector<std::string>& argv, const std::filesystem::path& log, const std::string& who,
                  const target_context& ctx, const std::filesystem::path& rendered,
                  const std::vector<std::string>& env) {
    std::filesystem::remove(log);
    proc::child check({.argv = argv, .stdout_path = log.string(), .stderr_path = log.string(), .env = env});
    auto status = check.wait_for(config_check_limit);
    if (!status) {
        check.stop(check_stop_grace);
        throw start_error(who + "'s configuration check did not finish within " +
                          std::to_string(config_check_limit.count()) + " s");
    }
    if (!WIFEXITED(*status) || WEXITSTATUS(*status) != 0)
        throw config_error(who + " refused the configuration:\n" + check_output(log, ctx, rendered));
}

void require_binary(const std::filesystem::path& binary, const std::string& package) {
    if (!std::filesystem::exists(binary))
        throw start_error(binary.string() + " is not installed; make run and make test install Debian's " + package);
}

void process_target::start(const target_context& ctx) {
    run_dir_ = ctx.run_dir;
    std::filesystem::create_directories(run_dir_ / "tmp");
    const auto config = render_config(ctx);
    prepare(ctx, config);
    endpoint_ = {ctx.where.proxy_host, ctx.where.ws_port, ctx.where.wss_port, {}};
    const auto log = run_dir_ / "console.log";
    process_.emplace(proc::spawn_options{
        .argv = command(ctx, config),
        .stdout_path = log.string(),
        .stderr_path = log.string(),
        .env = environment(ctx),
        .cpu = ctx.proxy_cpu});
    const auto deadline = std::chrono::steady_clock::now() + ctx.start_timeout;
    // A port seen open is not probed again: each probe is a connection the
    // proxy must accept, and one that accepts nothing would fill its backlog.
    bool ws_open = false, wss_open = false;
    while (!(ws_open = ws_open || port_open(endpoint_.host, endpoint_.ws_port)) ||
           !(wss_open = wss_open || port_open(endpoint_.host, endpoint_.wss_port))) {
        if (!process_->running())
            throw start_error(name() + " " + proc::describe_status(*process_->status()) + " while starting:\n" +
                              logs());
        if (std::chrono::steady_clock::now() >= deadline)
            throw start_error(name() + " was not listening on " + endpoint_.host + ":" +
                              std::to_string(endpoint_.ws_port) + " and :" + std::to_string(endpoint_.wss_port) +
                              " after " + std::to_string(ctx.start_timeout.count()) + " ms:\n" + logs());
        std::this_thread::sleep_for(listen_poll);
    }
}

void process_target::stop() {
    if (process_) process_->stop(target_stop_grace);
}

std::string process_target::failure() {
    if (!process_ || process_->running()) return {};
    return name() + " " + proc::describe_status(*process_->status());
}

std::string process_target::logs() const {
    std::string text;
    for (const char* file : {"console.log", "error.log"}) {
        const auto path = run_dir_ / file;
        if (std::filesystem::exists(path) && std::filesystem::file_size(path) > 0)
            text += std::string(file) + ":\n" + tail_of(path, 40);
    }
    return text;
}

proxy_endpoint process_target::endpoint() const { return endpoint_; }

std::vector<std::string> builtin_target::command(const target_context& ctx,
                                                 const std::filesystem::path& config) const {
    return {(ctx.bin_dir / "wsgate-proxy").string(), "-p", ctx.run_dir.string(), "-c", config.string()};
}

void builtin_target::prepare(const target_context& ctx, const std::filesystem::path& config) const {
    check_config({(ctx.bin_dir / "wsgate-proxy").string(), "-t", "-p", ctx.run_dir.string(), "-c",
                  config.string()},
                 ctx.run_dir / "check.log", "wsgate-proxy", ctx, config);
}

namespace {
constexpr const char* nginx_binary = "/usr/sbin/nginx";
}

std::vector<std::string> nginx_target::command(const target_context& ctx,
                                               const std::filesystem::path& config) const {
    std::vector<std::string> argv{nginx_binary, "-p", ctx.run_dir.string(), "-c", config.string(), "-e",
                                  (ctx.run_dir / "error.log").string()};
    if (needs_daemon_flag_) {
        argv.push_back("-g");
        argv.push_back("daemon off;");
    }
    return argv;
}

void nginx_target::prepare(const target_context& ctx, const std::filesystem::path& config) const {
    require_binary(nginx_binary, "nginx-light");
    needs_daemon_flag_ = keep_in_foreground(config);
    if (ctx.user_config) link_nginx_paths(*ctx.user_config, ctx.run_dir);
    auto check = command(ctx, config);
    check.insert(check.begin() + 1, {"-t", "-q"});
    check_config(check, ctx.run_dir / "check.log", "nginx", ctx, config);
}

}  // namespace wsgate::topology
