#include "topology/caddy_target.hpp"

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

std::vector<std::string> caddy_target::environment(const target_context& ctx) const {
    // Caddy keeps state under HOME and the XDG folders; the run folder keeps
    // it away from the user's own Caddy and is removed with the run.
    const auto home = ctx.run_dir.string();
    return {"HOME=" + home, "XDG_DATA_HOME=" + home + "/data", "XDG_CONFIG_HOME=" + home + "/config"};
}

}  // namespace wsgate::topology
