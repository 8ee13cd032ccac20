#include "topology/process_target.hpp"

#include "sandbox/nginx_sandbox.hpp"

#include <sys/wait.h>

#include <algorithm>

#include <fstream>
#include <thread>

namespace wsgate::topology {

namespace {

using namespace std::chrono_literals;

// A config check that takes longer than this is stuck (nginx -t takes milliseconds).
constexpr auto config_check_limit = 20s;
constexpr auto check_stop_grace = 1s;

// The check's output as the user should read it (see check_config).
std::string check_output(const std::filesystem::path& log, const path_map& user_files) {
    std::ifstream in(log);
    std::string out;
    for (std::string line; std::getline(in, line);) {
        if (line.find("[NOTICE]") != std::string::npos) continue;
        out += in_user_files(line, user_files) + "\n";
    }
    return out.empty() ? "(the check printed nothing; see " + log.string() + ")\n" : out;
}

bool port_open(const std::string& host, std::uint16_t port) {
    return port == 0 || proc::wait_for_port(host, port, 0ms);
}

}  // namespace

std::string in_user_files(std::string text, const path_map& user_files) {
    // Longest first: one copy's path may begin with another's (a.conf, a.conf.bak).
    auto longest_first = user_files;
    std::sort(longest_first.begin(), longest_first.end(), [](const auto& a, const auto& b) {
        return a.first.string().size() > b.first.string().size();
    });
    for (const auto& [copy, original] : longest_first) {
        const auto from = copy.string(), to = original.string();
        for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
            text.replace(at, from.size(), to);
    }
    return text;
}


void check_config(const std::vector<std::string>& argv, const std::filesystem::path& log, const std::string& who,
                  const path_map& user_files, const std::vector<std::string>& env) {
    std::filesystem::remove(log);
    proc::child check({.argv = argv, .stdout_path = log.string(), .stderr_path = log.string(), .env = env});
    auto status = check.wait_for(config_check_limit);
    if (!status) {
        check.stop(check_stop_grace);
        throw start_error(who + "'s configuration check did not finish within " +
                          std::to_string(config_check_limit.count()) + " s");
    }
    if (!WIFEXITED(*status) || WEXITSTATUS(*status) != 0)
        throw config_error(who + " refused the configuration:\n" + check_output(log, user_files));
}

void require_binary(const std::filesystem::path& binary, const std::string& package) {
    if (!std::filesystem::exists(binary))
        throw start_error(binary.string() + " is not installed; make run and make test install Debian's " + package);
}

void process_target::start(const target_context& ctx) {
    run_dir_ = ctx.run_dir;
    std::filesystem::create_directories(run_dir_ / "tmp");
    const auto config = render_config(ctx);
    user_paths_ = user_files(ctx, config);
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
    auto waiting = ctx.where.listener_ports;
    if (waiting.empty()) waiting = {endpoint_.ws_port, endpoint_.wss_port};
    const auto ports_text = [&waiting] {
        std::string text;
        for (const auto port : waiting) text += (text.empty() ? ":" : ", :") + std::to_string(port);
        return text;
    }();
    // A port seen open is not probed again: each probe is a connection the
    // proxy must accept, and one that accepts nothing would fill its backlog.
    for (;;) {
        std::erase_if(waiting, [this](std::uint16_t port) { return port_open(endpoint_.host, port); });
        if (waiting.empty()) break;
        if (!process_->running())
            throw start_error(name() + " " + proc::describe_status(*process_->status()) + " while starting:\n" +
                              logs());
        if (std::chrono::steady_clock::now() >= deadline)
            throw start_error(name() + " was not listening on " + endpoint_.host + " " + ports_text + " after " +
                              std::to_string(ctx.start_timeout.count()) + " ms:\n" + logs());
        std::this_thread::sleep_for(proc::readiness_poll);
    }
    await_ready(ctx, deadline);
}

void process_target::stop() {
    if (process_) process_->stop(proc::default_stop_grace);
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
            text += std::string(file) + ":\n" + in_user_files(tail_of(path, 40), user_paths_);
    }
    return text;
}

proxy_endpoint process_target::endpoint() const { return endpoint_; }

std::filesystem::path nginx_syntax_target::render_config(const target_context& ctx) const {
    if (ctx.sandbox) {
        sandbox_ = *ctx.sandbox;
        return sandbox_.main_file;
    }
    const auto rendered = write_config(ctx, config_dialect::nginx, "proxy.conf");
    sandbox::nginx_sandbox_options options{.run_dir = ctx.run_dir, .pki_dir = ctx.pki_dir, .move_addresses = false};
    if (ctx.user_config) options.conf_dir = std::filesystem::absolute(*ctx.user_config).parent_path();
    try {
        sandbox_ = sandbox::sandbox_nginx(rendered, options);
    } catch (const sandbox::sandbox_error& e) {
        throw config_error(e.what());
    }
    return sandbox_.main_file;
}

// The rendered config and the user's --config it came from (none for the seed template).
path_map process_target::user_files(const target_context& ctx, const std::filesystem::path& config) const {
    if (!ctx.user_config) return {};
    return {{config, std::filesystem::absolute(*ctx.user_config)}};
}

path_map nginx_syntax_target::user_files(const target_context& ctx, const std::filesystem::path&) const {
    path_map files = sandbox_.copies;
    // A template's main copy was rendered from the user's --config.
    if (!ctx.sandbox && ctx.user_config && !files.empty())
        files.front().second = std::filesystem::absolute(*ctx.user_config);
    return files;
}

std::vector<std::string> builtin_target::command(const target_context& ctx,
                                                 const std::filesystem::path& config) const {
    return {(ctx.bin_dir / "wsgate-proxy").string(), "-p", ctx.run_dir.string(), "-c", config.string()};
}

void builtin_target::prepare(const target_context& ctx, const std::filesystem::path& config) const {
    check_config({(ctx.bin_dir / "wsgate-proxy").string(), "-t", "-p", ctx.run_dir.string(), "-c",
                  config.string()},
                 ctx.run_dir / "check.log", "wsgate-proxy", user_files(ctx, config));
}

namespace {
constexpr const char* nginx_binary = "/usr/sbin/nginx";
}

std::vector<std::string> nginx_target::command(const target_context& ctx,
                                               const std::filesystem::path& config) const {
    std::vector<std::string> argv{nginx_binary, "-p", ctx.run_dir.string(), "-c", config.string(), "-e",
                                  (ctx.run_dir / "error.log").string()};
    if (!sandbox_.sets_daemon) {
        argv.push_back("-g");
        argv.push_back("daemon off;");
    }
    return argv;
}

void nginx_target::prepare(const target_context& ctx, const std::filesystem::path& config) const {
    require_binary(nginx_binary, "nginx-light");
    auto check = command(ctx, config);
    // Without -q: nginx -t -q keeps its warnings to itself.
    check.insert(check.begin() + 1, "-t");
    check_config(check, ctx.run_dir / "check.log", "nginx", user_files(ctx, config));
}

}  // namespace wsgate::topology
