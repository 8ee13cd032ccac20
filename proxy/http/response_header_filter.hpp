// The client's response head made from the upstream's, as nginx's proxy
// module and header filter make it (ngx_http_proxy_process_header,
// ngx_http_header_filter_module): status line, Server, Date, the upstream's
// headers in order without the hop-by-hop and hidden ones, Location
// rewritten by proxy_redirect. The session adds the framing and Connection.
#pragma once

#include "config/model.hpp"
#include "http/head_parser.hpp"
#include "http/request.hpp"
#include "http/route.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wsgate::proxy::http {

struct client_response_head {
    std::string text;  // status line and headers, each line with its CRLF, no blank line yet
    std::optional<std::uint64_t> content_length;  // the upstream's Content-Length
    bool chunked = false;                         // the upstream's body is chunked
};

client_response_head filter_response_head(const parsed_response& upstream, const config::location_block& location,
                                          const request_info& info, const connection_info& connection);

// Upstream response headers nginx does not pass to the client: hop-by-hop
// ones it handles itself, the ones it hides by default (Date, Server, X-Pad,
// X-Accel-*) unless proxy_pass_header lets one through, and those of
// proxy_hide_header.
bool hidden_from_client(const config::location_block& location, std::string_view name);

// The value of the first header of that name, in any case.
std::optional<std::string> header_of(const std::vector<config::header_field>& headers, std::string_view name);

}  // namespace wsgate::proxy::http
