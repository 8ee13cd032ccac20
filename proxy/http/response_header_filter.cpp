#include "http/response_header_filter.hpp"

#include "http/special_response.hpp"

#include "wsgate/ascii.hpp"

#include <algorithm>
#include <cstdlib>

namespace wsgate::proxy::http {

namespace {

bool listed(const std::vector<std::string>& names, std::string_view name) {
    return std::any_of(names.begin(), names.end(), [name](const std::string& n) { return ascii::iequals(n, name); });
}

// ngx_http_proxy_hide_headers.
constexpr const char* hidden_by_default[] = {"Server",          "Date",
                                             "X-Pad",           "X-Accel-Expires",
                                             "X-Accel-Redirect", "X-Accel-Limit-Rate",
                                             "X-Accel-Buffering", "X-Accel-Charset"};

}  // namespace

bool hidden_from_client(const config::location_block& location, std::string_view name) {
    for (const char* h : {"Connection", "Keep-Alive", "Transfer-Encoding"})
        if (ascii::iequals(name, h)) return true;
    if (listed(location.hide_headers, name)) return true;
    for (const char* h : hidden_by_default)
        if (ascii::iequals(name, h)) return !listed(location.pass_headers, name);
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
    // An upstream Server or Date let through by proxy_pass_header takes the
    // place of the proxy's own.
    const auto passed = [&](const char* name) { return header_of(upstream.headers, name) && !hidden_from_client(location, name); };
    out.text = "HTTP/1.1 " + std::to_string(upstream.status) + " " + upstream.reason + "\r\n";
    if (!passed("Server")) out.text += "Server: wsgate-proxy\r\n";
    if (!passed("Date")) out.text += "Date: " + http_date() + "\r\n";
    for (const auto& h : upstream.headers) {
        if (ascii::iequals(h.name, "Transfer-Encoding")) out.chunked = ascii::has_token(h.value, "chunked");
        if (hidden_from_client(location, h.name)) continue;
        if (ascii::iequals(h.name, "Content-Length")) out.content_length = std::strtoull(h.value.c_str(), nullptr, 10);
        std::string value = h.value;
        if (ascii::iequals(h.name, "Location") && location.proxy_redirect)
            value = rewrite_upstream_location(location, h.value, info, connection);
        out.text += h.name + ": " + value + "\r\n";
    }
    return out;
}

}  // namespace wsgate::proxy::http
