#include "topology/target.hpp"

#include "topology/config_template.hpp"
#include "topology/process_target.hpp"
#include "topology/url_target.hpp"

#include <fstream>
#include <sstream>

namespace wsgate::topology {

std::unique_ptr<target> make_target(const std::string& spec) {
    if (spec == "builtin") return std::make_unique<builtin_target>();
    if (spec == "nginx") return std::make_unique<nginx_target>();
    if (spec.starts_with("url=")) return std::make_unique<url_target>(spec.substr(4));
    throw std::invalid_argument("unknown target \"" + spec +
                                "\" (expected builtin, nginx or url=ws[s]://HOST:PORT/PATH)");
}

std::filesystem::path write_config(const target_context& ctx) {
    std::string text = seed_template();
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
    std::string rendered;
    try {
        rendered = render(text, values, source);
    } catch (const template_error& e) {
        throw config_error(e.what());
    }
    const auto path = ctx.run_dir / "proxy.conf";
    std::filesystem::create_directories(ctx.run_dir);
    std::ofstream(path) << rendered;
    return path;
}

}  // namespace wsgate::topology
