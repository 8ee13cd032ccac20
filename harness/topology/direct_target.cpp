#include "topology/direct_target.hpp"

namespace wsgate::topology {

std::vector<std::string> direct_target::command(const target_context& ctx, const std::filesystem::path&) const {
    const auto& host = ctx.where.proxy_host;
    return {(ctx.bin_dir / "wsgate-echo").string(),
            "--listen",
            host + ":" + std::to_string(ctx.where.ws_port) + "=direct-ws",
            "--listen",
            host + ":" + std::to_string(ctx.where.wss_port) + "=direct-wss,tls",
            "--tls-cert",
            (ctx.pki_dir / "server.pem").string(),
            "--tls-key",
            (ctx.pki_dir / "server.key").string()};
}

}  // namespace wsgate::topology
