#include "topology/target.hpp"

#include "topology/caddy_target.hpp"
#include "topology/config_template.hpp"
#include "topology/direct_target.hpp"
#include "topology/haproxy_target.hpp"
#include "topology/process_target.hpp"
#include "topology/url_target.hpp"

#include <fstream>
#include <sstream>

namespace wsgate::topology {

std::unique_ptr<target> make_target(const std::string& spec) {
    if (spec == "builtin") return std::make_unique<builtin_target>();
    if (spec == "nginx") return std::make_unique<nginx_target>();
    if (spec == "haproxy") return std::make_unique<haproxy_target>();
    if (spec == "caddy") return std::make_unique<caddy_target>();
    if (spec == "direct") return std::make_unique<direct_target>();
    if (spec.starts_with("url=")) return std::make_unique<url_target>(spec.substr(4));
    throw std::invalid_argument("unknown target \"" + spec +
                                "\" (expected builtin, nginx, haproxy, caddy, direct or url=ws[s]://HOST:PORT/PATH)");
}

std::filesystem::path write_config(const target_context& ctx, config_dialect dialect, const std::string& file_name,
                                   const std::map<std::string, std::string>& extra) {
    std::string text = seed_template(dialect);
    std::string source = "seed template";
    if (ctx.user_config) {
        std::ifstream in(*ctx.user_config);
        if (!in) throw config_error("cannot read config " + ctx.user_config->string());
        std::stringstream buffer;
        buffer << in.rdbuf();
        text = buffer.str();
        source = ctx.user_config->string();
    }
    std::map<std::string, std::string> values = {
        {"PREFIX", ctx.run_dir.string()},
        {"WS_PORT", std::to_string(ctx.where.ws_port)},
        {"WSS_PORT", std::to_string(ctx.where.wss_port)},
        {"CERT", (ctx.pki_dir / "server.pem").string()},
        {"KEY", (ctx.pki_dir / "server.key").string()},
        {"CA", (ctx.pki_dir / "ca.pem").string()},
        {"PKI", ctx.pki_dir.string()},
    };
    if (const auto* single = ctx.where.find("single")) values["SINGLE"] = single->address();
    for (const char* id : {"b1", "b2", "b3"})
        if (const auto* b = ctx.where.find(id)) values[std::string(1, 'B') + id[1]] = b->address();
    values.insert(extra.begin(), extra.end());
    std::string rendered;
    try {
        rendered = render(text, values, source);
    } catch (const template_error& e) {
        throw config_error(e.what());
    }
    const auto path = ctx.run_dir / file_name;
    std::filesystem::create_directories(ctx.run_dir);
    std::ofstream(path) << rendered;
    return path;
}

}  // namespace wsgate::topology
