// The request head sent to the upstream, byte for byte as nginx 1.22's proxy
// module writes it (ngx_http_proxy_create_request):
//
//   METHOD URI HTTP/1.0|1.1
//   the location's proxy_set_header list in order, then the defaults it does
//   not name (Host: $proxy_host, Connection: close, Content-Length of the
//   body, Transfer-Encoding when the body goes chunked); a header whose value
//   is empty is not sent;
//   the client's headers in received order and case, except those the list
//   (defaults included: TE, Keep-Alive, Expect, Upgrade) names;
//   an empty line.
#pragma once

#include "config/model.hpp"
#include "config/variables.hpp"
#include "http/request.hpp"
#include "http/route.hpp"

#include <string>
#include <string_view>

namespace wsgate::proxy::http {

// The variables of a routed request. body_length is the request's
// Content-Length; for a chunked body the runtime sets it to the length it
// read (nginx buffers the body and sends Content-Length), or sets
// body_chunked when it streams the body on.
// The variables a connection gives every request on it (addresses, ports,
// TLS, $hostname, the maps): all a request has before it is routed.
config::eval_context connection_context(const config::main_config& config, const connection_info& connection,
                                        std::string hostname);

config::eval_context make_eval_context(const config::main_config& config, const client_request& request,
                                       const request_info& info, const connection_info& connection,
                                       const config::server_block& server, const config::location_block& location,
                                       std::string hostname);

std::string build_upstream_request(const config::location_block& location, std::string_view uri,
                                   const config::eval_context& context);

}  // namespace wsgate::proxy::http
