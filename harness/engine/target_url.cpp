#include "engine/target_url.hpp"

#include "engine/step_failure.hpp"

namespace wsgate::engine {

parsed_url bound_url(const parsed_url& url, const environment& env) {
    if (!env.host_name.empty()) {
        auto named = url;
        named.host = env.host_name;
        return named;
    }
    if (!env.endpoint) return url;
    const auto& e = *env.endpoint;
    if (url.tls && !e.tls) throw step_skip("checks TLS; the endpoint " + e.authority() + e.target + " is plain ws");
    parsed_url bound = e;
    const auto query = url.target.find('?');
    if (query != std::string::npos && bound.target.find('?') == std::string::npos) bound.target += url.target.substr(query);
    return bound;
}

client::endpoint endpoint_for(const parsed_url& url, const environment& env) {
    client::endpoint ep;
    ep.host = env.proxy.host;
    ep.port = url.tls ? env.proxy.wss_port : env.proxy.ws_port;
    if (ep.port == 0)
        throw step_skip(std::string("the target has no ") + (url.tls ? "wss" : "ws") + " listener");
    ep.tls_name = url.host;
    return ep;
}

}  // namespace wsgate::engine
