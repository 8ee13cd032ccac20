#include "http/response_header_filter.hpp"

#include "http/special_response.hpp"

#include "wsgate/ascii.hpp"

#include <cstdlib>

namespace wsgate::proxy::http {

bool hidden_from_client(std::string_view name) {
    for (const char* h : {"Connection", "Keep-Alive", "Transfer-Encoding", "Server", "Date", "X-Pad", "X-Accel-Expires",
                          "X-Accel-Redirect", "X-Accel-Limit-Rate", "X-Accel-Buffering", "X-Accel-Charset"})
        if (ascii::iequals(name, h)) return true;
    return false;
}

std::optional<std::string> header_of(const std::vector<config::header_field>& headers, std::string_view name) {
    for (const auto& h : headers)
        if (ascii::iequals(h.name, name)) return h.value;
    return std::nullopt;
}

client_response_head filter_response_head(const parsed_response& upstream, const config::location_block& location,
                                          const request_info& info, const connection_info& connection) {
    client_response_head out;
    out.text = "HTTP/1.1 " + std::to_string(upstream.status) + " " + upstream.reason +
               "\r\nServer: wsgate-proxy\r\nDate: " + http_date() + "\r\n";
    for (const auto& h : upstream.headers) {
        if (ascii::iequals(h.name, "Transfer-Encoding")) out.chunked = ascii::has_token(h.value, "chunked");
        if (hidden_from_client(h.name)) continue;
        if (ascii::iequals(h.name, "Content-Length")) out.content_length = std::strtoull(h.value.c_str(), nullptr, 10);
        std::string value = h.value;
        if (ascii::iequals(h.name, "Location") && location.proxy_redirect)
            value = rewrite_upstream_location(location, h.value, info, connection);
        out.text += h.name + ": " + value + "\r\n";
    }
    return out;
}

}  // namespace wsgate::proxy::http
