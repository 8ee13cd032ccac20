#include "topology/haproxy_target.hpp"

#include <fstream>

namespace wsgate::topology {

namespace {
constexpr const char* haproxy_binary = "/usr/sbin/haproxy";
}

std::vector<std::string> haproxy_target::command(const target_context&, const std::filesystem::path& config) const {
    return {haproxy_binary, "-db", "-f", config.string()};
}

void haproxy_target::prepare(const target_context& ctx, const std::filesystem::path& config) const {
    require_binary(haproxy_binary, "haproxy");
    // Without -q: with it haproxy keeps its alerts to itself.
    check_config({haproxy_binary, "-c", "-f", config.string()}, ctx.run_dir / "check.log", "haproxy",
                 user_files(ctx, config));
}

path_map haproxy_target::user_files(const target_context& ctx, const std::filesystem::path& config) const {
    if (ctx.sandbox) return ctx.sandbox->copies;
    return process_target::user_files(ctx, config);
}

std::filesystem::path haproxy_target::render_config(const target_context& ctx) const {
    if (ctx.sandbox) return ctx.sandbox->main_file;
    // HAProxy reads certificate and key from one file.
    const auto combined = ctx.run_dir / "server-with-key.pem";
    std::filesystem::create_directories(ctx.run_dir);
    std::ofstream out(combined);
    for (const char* part : {"server.pem", "server.key"}) out << std::ifstream(ctx.pki_dir / part).rdbuf();
    return write_config(ctx, config_dialect::haproxy, "haproxy.cfg", {{"CERT_KEY", combined.string()}});
}

}  // namespace wsgate::topology
