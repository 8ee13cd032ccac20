// Which server and location handle a request, as nginx 1.22 decides:
// listen address and port first, then SNI and Host against server_name,
// then prefix and exact locations, the automatic 301 to a location's
// trailing-slash form, and the URI sent upstream.
#pragma once

#include "config/model.hpp"
#include "http/request.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wsgate::proxy::http {

// The accepted connection.
struct connection_info {
    std::string local_addr;  // "127.0.0.1", "::1": where the client connected
    std::uint16_t local_port = 0;
    std::string remote_addr;
    std::uint16_t remote_port = 0;
    bool tls = false;
    std::string tls_protocol;  // "TLSv1.2"
    std::string sni;           // the server name the client sent, empty when none
};

// The listen address a connection belongs to: the exact address:port, else
// the wildcard (0.0.0.0 or ::) of that port. nullptr when none listens there.
const config::listen_address* find_listen_address(const config::main_config& config, std::string_view local_addr,
                                                  std::uint16_t local_port);

// The server a name selects among an address's servers (exact name, longest
// "*.x"/".x", longest "x.*", then the first "~" regex that matches), or nullopt. With one server at the address
// every name selects it (nginx builds no name table then).
std::optional<std::size_t> find_server_by_name(const config::listen_address& address, std::string_view name);

// The TLS handshake's choice (ngx_http_ssl_servername): the server whose
// certificate to present. matched is set when SNI named one of the address's
// servers; the request's Host is compared with it afterwards.
struct sni_choice {
    std::size_t server = 0;
    std::optional<std::string> matched;  // validated SNI (lowercase)
};
sni_choice choose_by_sni(const config::listen_address& address, std::string_view sni);

// The request's server (ngx_http_set_virtual_server): host is
// request_info::host (may be empty). Without TLS a Host that matches no
// server keeps the default server. With TLS, Host equal to the matched SNI
// keeps the SNI's server, another known Host switches to its server, and an
// unknown Host falls back to the default server.
std::size_t choose_server(const config::listen_address& address, const sni_choice* tls, std::string_view host);

// $host: the validated Host (or the target's host), else the server's first name.
std::string host_variable(const request_info& request, const config::server_block& server);

// The location nginx's static location tree selects for uri: an exact
// location equal to it; else a prefix location equal to it; else a location
// with proxy_pass whose path is uri + "/" (redirect); else the longest prefix.
struct location_match {
    enum class kind { found, redirect, none };
    kind what = kind::none;
    const config::location_block* location = nullptr;
    std::vector<std::string> captures;  // a regex location's groups ($1..$9 inside it)
};
location_match find_location(const config::server_block& server, std::string_view uri);

// The named location ("@app") of the server, or null.
const config::location_block* find_named(const config::server_block& server, std::string_view name);

// The target of an internal redirect to uri_and_args ("/index.php?x=1"):
// $request_uri stays the client's, $uri and $args are the new ones.
request_target redirected_target(const request_target& original, std::string_view uri_and_args);

// The request URI sent upstream (ngx_http_proxy_create_request): proxy_pass
// without a URI part sends the request URI as received (after an internal
// redirect: the new $uri, escaped, and its args); with one, the part of
// the normalised $uri after the location's path is appended to it (escaped
// again if the client's URI had escapes) and "?args" follows.
std::string upstream_uri(const config::location_block& location, const request_target& target);

// A redirect target made absolute the way ngx_http_header_filter does with
// absolute_redirect and port_in_redirect on: the scheme, the request's host
// (else the local address, an IPv6 one without brackets as nginx writes it),
// the local port unless it is 80 (443 with TLS), then path_and_query.
std::string absolute_location(std::string_view path_and_query, const request_info& request,
                              const connection_info& connection);

// What to do with the request.
struct route_result {
    enum class action {
        found,            // find_config: the location is known; its rewrite phase and content come next
        proxy,            // send it to location->proxy_pass with upstream_uri
        redirect,         // status (301 from find_config, 301 or 302 from a rewrite) with Location: location_header
        too_large,        // 413: Content-Length over client_max_body_size
        static_response,  // no proxy_pass here: nginx's static handler, status 404 (405 for other methods than GET,
                          // HEAD, POST); also try_files "=CODE" and the 500 of a rewrite or redirect cycle
        returned,         // a "return": status, and a Location the session evaluates (returned->location)
        internal_redirect,  // choose_content: try_files' last argument, a URI (location->try_files->uri)
        named_redirect,     // choose_content: try_files' last argument, the named location in location
    };
    action what = action::static_response;
    const config::location_block* location =
        nullptr;  // never null: the server's "unmatched" block when no location matched
    std::string upstream_uri;
    std::string location_header;
    const config::return_action* returned = nullptr;
    int status = 404;  // the answer's status for redirect, too_large and static_response
    std::vector<std::string> captures;  // find_config: the regex location's groups
    std::string error;                  // what nginx logs at "error" with the answer (a cycle), or empty
};

// ngx_http_core_find_config_phase: the location for the request's $uri,
// then the body limit (413) and the automatic 301; found otherwise.
route_result find_config(const config::server_block& server, const request_info& info,
                         const connection_info& connection);

// After the location's rewrite phase: try_files when none of its files
// exists (wsgate-proxy serves none), then proxy_pass or nginx's static handler.
route_result choose_content(const config::server_block& server, const client_request& request,
                            const request_info& info, const config::location_block& location);

// "proxy_redirect default": an upstream Location that starts with the
// proxy_pass URL (plus "/" when it has no URI part) gets the location's path
// (or "/") instead, and then the absolute form. Other values pass unchanged,
// relative ones included.
std::string rewrite_upstream_location(const config::location_block& location, std::string_view value,
                                      const request_info& request, const connection_info& connection);

}  // namespace wsgate::proxy::http
