#include "http/request.hpp"

#include "wsgate/ascii.hpp"

#include <algorithm>

namespace wsgate::proxy::http {

std::optional<std::string> validate_host(std::string_view host) {
    std::size_t dot_pos = host.size();
    std::size_t host_len = host.size();
    enum { usual_state, literal, rest } state = usual_state;

    for (std::size_t i = 0; i < host.size(); ++i) {
        const auto ch = static_cast<unsigned char>(host[i]);
        switch (ch) {
            case '.':
                if (dot_pos == i - 1) return std::nullopt;
                dot_pos = i;
                break;
            case ':':
                if (state == usual_state) {
                    host_len = i;
                    state = rest;
                }
                break;
            case '[':
                if (i == 0) state = literal;
                break;
            case ']':
                if (state == literal) {
                    host_len = i + 1;
                    state = rest;
                }
                break;
            case '\0':
            case '/':
                return std::nullopt;
            default:
                if (ch <= 0x20 || ch == 0x7f) return std::nullopt;
        }
    }
    if (host_len > 0 && dot_pos == host_len - 1) --host_len;
    if (host_len == 0) return std::nullopt;

    std::string result(host.substr(0, host_len));
    for (char& ch : result) ch = ascii::to_lower(ch);
    return result;
}

std::string request_line(const client_request& request) {
    return request.method + " " + request.target + (request.version == 10 ? " HTTP/1.0" : " HTTP/1.1");
}

bool wants_keep_alive(const client_request& request) {
    const auto connection = std::find_if(request.headers.begin(), request.headers.end(),
                                         [](const auto& h) { return ascii::iequals(h.name, "Connection"); });
    const bool named = connection != request.headers.end();
    if (request.version == 10) return named && ascii::has_token(connection->value, "keep-alive");
    return !(named && ascii::has_token(connection->value, "close"));
}

bool is_ignored_header(std::string_view name) {
    if (name.empty()) return true;
    for (const char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
        if (!ok) return true;
    }
    return false;
}

std::variant<request_info, request_error> inspect_request(const client_request& request) {
    for (const char c : request.method)
        if ((c < 'A' || c > 'Z') && c != '_' && c != '-') return request_error{400, "client sent invalid method"};
    if (request.method.empty()) return request_error{400, "client sent invalid method"};
    if (request.version >= 20) return request_error{505, "client sent invalid version"};

    request_info info;
    const auto target = parse_target(request.target);
    if (!target) {
        // An absolute-form target with a bad host has its own message in nginx.
        return request_error{400, "client sent invalid request"};
    }
    info.target = *target;
    info.host = target->host;

    const header_field* host = nullptr;
    const header_field* content_length = nullptr;
    const header_field* transfer_encoding = nullptr;
    for (const auto& h : request.headers) {
        if (is_ignored_header(h.name)) continue;
        if (ascii::iequals(h.name, "Host")) {
            if (host)
                return request_error{400, "client sent duplicate host header: \"" + h.name + ": " + h.value +
                                              "\", previous value: \"" + host->name + ": " + host->value + "\""};
            host = &h;
            const auto valid = validate_host(h.value);
            if (!valid) return request_error{400, "client sent invalid host header"};
            if (info.host.empty()) info.host = *valid;
        } else if (ascii::iequals(h.name, "Content-Length") || ascii::iequals(h.name, "Transfer-Encoding")) {
            const header_field*& slot = ascii::iequals(h.name, "Content-Length") ? content_length : transfer_encoding;
            if (slot)
                return request_error{400, "client sent duplicate header line: \"" + h.name + ": " + h.value +
                                              "\", previous value: \"" + slot->name + ": " + slot->value + "\""};
            slot = &h;
        }
        info.headers.push_back(h);
    }

    if (!host && request.version > 10)
        return request_error{400, "client sent HTTP/1.1 request without \"Host\" header"};

    if (content_length) {
        // ngx_atoof: digits only, not empty, no overflow.
        std::uint64_t n = 0;
        bool ok = !content_length->value.empty();
        for (const char c : content_length->value) {
            if (c < '0' || c > '9' || n > (0x7fffffffffffffffULL - static_cast<unsigned>(c - '0')) / 10) {
                ok = false;
                break;
            }
            n = n * 10 + static_cast<unsigned>(c - '0');
        }
        if (!ok) return request_error{400, "client sent invalid \"Content-Length\" header"};
        info.content_length = n;
    }

    if (transfer_encoding) {
        if (request.version < 11)
            return request_error{400, "client sent HTTP/1.0 request with \"Transfer-Encoding\" header"};
        if (!ascii::iequals(transfer_encoding->value, "chunked"))
            return request_error{501,
                                 "client sent unknown \"Transfer-Encoding\": \"" + transfer_encoding->value + "\""};
        if (content_length)
            return request_error{400,
                                 "client sent \"Content-Length\" and \"Transfer-Encoding\" headers at the same time"};
        info.chunked = true;
    }

    if (request.method == "TRACE") return request_error{405, "client sent TRACE method"};
    return info;
}

}  // namespace wsgate::proxy::http
