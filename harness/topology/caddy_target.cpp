#include "topology/caddy_target.hpp"

#include <fstream>
#include <iterator>
#include <regex>
#include <thread>

namespace wsgate::topology {

namespace {
constexpr const char* caddy_binary = "/usr/bin/caddy";
}

std::vector<std::string> caddy_target::command(const target_context&, const std::filesystem::path& config) const {
    return {caddy_binary, "run", "--adapter", "caddyfile", "--config", config.string()};
}

void caddy_target::prepare(const target_context& ctx, const std::filesystem::path& config) const {
    require_binary(caddy_binary, "caddy");
    check_config({caddy_binary, "validate", "--adapter", "caddyfile", "--config", config.string()},
                 ctx.run_dir / "check.log", "caddy", user_files(ctx, config), environment(ctx));
}

path_map caddy_target::user_files(const target_context& ctx, const std::filesystem::path& config) const {
    if (ctx.sandbox) return ctx.sandbox->copies;
    return process_target::user_files(ctx, config);
}

std::filesystem::path caddy_target::render_config(const target_context& ctx) const {
    if (ctx.sandbox) return ctx.sandbox->main_file;
    return write_config(ctx, config_dialect::caddy, "Caddyfile");
}

void caddy_target::await_ready(const target_context& ctx, std::chrono::steady_clock::time_point deadline) const {
    if (!ctx.sandbox) return;
    const auto log = ctx.run_dir / "console.log";
    static const std::regex managed(R"re("enabling automatic TLS certificate management","domains":\[([^\]]*)\])re");
    static const std::regex name(R"re("([^"]+)")re");
    for (;;) {
        std::ifstream in(log);
        const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        // Caddy says which names it manages before "serving initial configuration".
        if (text.find("serving initial configuration") != std::string::npos) {
            bool all = true;
            for (std::sregex_iterator m(text.begin(), text.end(), managed), end; m != end && all; ++m) {
                const auto names = (*m)[1].str();
                for (std::sregex_iterator n(names.begin(), names.end(), name); n != end && all; ++n)
                    all = text.find("\"certificate obtained successfully\",\"identifier\":\"" + (*n)[1].str() + "\"") !=
                          std::string::npos;
            }
            if (all) return;
        }
        if (std::chrono::steady_clock::now() >= deadline)
            throw start_error("caddy did not get its sites' certificates from its internal CA in time:\n" + logs());
        std::this_thread::sleep_for(proc::readiness_poll);
    }
}

std::vector<std::string> caddy_target::environment(const target_context& ctx) const {
    // Caddy keeps state under HOME and the XDG folders; the run folder keeps
    // it away from the user's own Caddy and is removed with the run.
    const auto home = ctx.run_dir.string();
    return {"HOME=" + home, "XDG_DATA_HOME=" + home + "/data", "XDG_CONFIG_HOME=" + home + "/config"};
}

}  // namespace wsgate::topology
