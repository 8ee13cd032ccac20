#include "upstream_request.hpp"

#include "wsgate/ascii.hpp"

#include <algorithm>

namespace wsgate::proxy::http {

config::eval_context connection_context(const config::main_config& config, const connection_info& connection,
                                        std::string hostname) {
    config::eval_context c;
    c.remote_addr = connection.remote_addr;
    c.remote_port = connection.remote_port;
    c.server_addr = connection.local_addr;
    c.server_port = connection.local_port;
    c.https = connection.tls;
    c.ssl_protocol = connection.tls_protocol;
    c.ssl_server_name = connection.sni;
    c.hostname = std::move(hostname);
    c.maps = &config.maps;
    return c;
}

config::eval_context make_eval_context(const config::main_config& config, const client_request& request,
                                       const request_info& info, const connection_info& connection,
                                       const config::server_block& server, const config::location_block& location,
                                       std::string hostname) {
    auto c = connection_context(config, connection, std::move(hostname));
    c.method = request.method;
    c.request_line = request_line(request);
    c.request_uri = info.target.unparsed_uri;
    c.uri = info.target.uri;
    c.args = info.target.args;
    c.http_version = request.version;
    c.headers = info.headers;
    c.server_name = server.server_names.empty() ? std::string() : server.server_names.front();
    c.host = host_variable(info, server);
    if (location.proxy_pass) {
        c.proxy_host = location.proxy_pass->proxy_host;
        c.proxy_port = location.proxy_pass->proxy_port;
    }
    c.body_length = info.content_length;
    c.rewrite = info.rewrite;
    return c;
}

std::string build_upstream_request(const config::location_block& location, std::string_view uri,
                                   const config::eval_context& context) {
    std::string head;
    head.reserve(512);
    head += context.method;
    head += ' ';
    head += uri;
    head += location.proxy_http_version == 11 ? " HTTP/1.1\r\n" : " HTTP/1.0\r\n";

    for (const auto& h : location.upstream_headers) {
        const std::string value = config::evaluate(h.value, context);
        if (value.empty()) continue;
        head += h.name;
        head += ": ";
        head += value;
        head += "\r\n";
    }

    for (const auto& h : context.headers) {
        const bool replaced = std::any_of(location.upstream_headers.begin(), location.upstream_headers.end(),
                                          [&](const config::header_directive& d) { return ascii::iequals(d.name, h.name); });
        if (replaced) continue;
        head += h.name;
        head += ": ";
        head += h.value;
        head += "\r\n";
    }
    head += "\r\n";
    return head;
}

}  // namespace wsgate::proxy::http
