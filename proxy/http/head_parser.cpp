#include "http/head_parser.hpp"

#include "wsgate/ascii.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace wsgate::proxy::http {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// The head's end: an empty line, CRLF or bare LF as nginx accepts.
std::optional<std::size_t> head_end(std::string_view buffer) {
    for (std::size_t i = buffer.find('\n'); i != std::string_view::npos; i = buffer.find('\n', i + 1)) {
        if (i + 1 < buffer.size() && buffer[i + 1] == '\n') return i + 2;
        if (i + 2 < buffer.size() && buffer[i + 1] == '\r' && buffer[i + 2] == '\n') return i + 3;
    }
    return std::nullopt;
}

std::vector<std::string_view> lines_of(std::string_view head) {
    std::vector<std::string_view> lines;
    while (!head.empty()) {
        const auto nl = head.find('\n');
        auto line = head.substr(0, nl);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (!line.empty()) lines.push_back(line);
        if (nl == std::string_view::npos) break;
        head.remove_prefix(nl + 1);
    }
    return lines;
}

enum class version_check { invalid, unsupported, http_1_0, http_1_1 };

// nginx refuses a minor version above 99 as an invalid request.
constexpr unsigned max_minor_version = 99;

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "HTTP/" major "." minor as ngx_http_parse_request_line reads it: the major
// starts with 1-9 and any major above 1 is answered 505; HTTP/1.x above 1.0
// is served as 1.1.
version_check check_version(std::string_view text) {
    if (!text.starts_with("HTTP/")) return version_check::invalid;
    text.remove_prefix(5);
    const auto dot = text.find('.');
    if (dot == std::string_view::npos) return version_check::invalid;
    const auto major = text.substr(0, dot);
    const auto minor = text.substr(dot + 1);
    if (!all_digits(major) || major.front() == '0') return version_check::invalid;
    if (major != "1") return version_check::unsupported;
    unsigned minor_value = 0;
    const auto [ptr, ec] = std::from_chars(minor.data(), minor.data() + minor.size(), minor_value);
    if (!all_digits(minor) || ec != std::errc{} || minor_value > max_minor_version) return version_check::invalid;
    return minor_value == 0 ? version_check::http_1_0 : version_check::http_1_1;
}

bool token_char(unsigned char c) {
    return std::isalnum(c) || std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

}  // namespace

std::variant<need_more, head_error, parsed_request> parse_request_head(std::string_view buffer,
                                                                      const head_limits& limits) {
    // Empty lines before the request line are skipped, as nginx does.
    std::size_t skipped = 0;
    while (skipped < buffer.size() && (buffer[skipped] == '\r' || buffer[skipped] == '\n')) ++skipped;
    const auto rest = buffer.substr(skipped);
    const auto end = head_end(rest);
    if (!end) {
        const auto first_nl = rest.find('\n');
        if (first_nl == std::string_view::npos && rest.size() > limits.line_size)
            return head_error{414, "client sent too long URI"};
        if (rest.size() > limits.total) return head_error{494, "client sent too large request header"};
        return need_more{};
    }
    const auto lines = lines_of(rest.substr(0, *end));
    if (lines.empty()) return need_more{};
    if (lines[0].size() > limits.line_size) return head_error{414, "client sent too long URI"};
    parsed_request out;
    out.head_size = skipped + *end;
    // METHOD SP target SP HTTP/1.x
    const auto line = lines[0];
    const auto sp1 = line.find(' ');
    const auto sp2 = line.rfind(' ');
    if (sp1 == std::string_view::npos || sp2 == sp1) return head_error{400, "client sent invalid request"};
    const auto method = line.substr(0, sp1);
    const auto target = trim(line.substr(sp1 + 1, sp2 - sp1 - 1));
    const auto version = line.substr(sp2 + 1);
    for (char c : method)
        if (c < 'A' || c > 'Z') return head_error{400, "client sent invalid method"};
    // nginx refuses a NUL anywhere in the request line.
    if (method.empty() || target.empty() || line.find('\0') != std::string_view::npos)
        return head_error{400, "client sent invalid request"};
    switch (check_version(version)) {
        case version_check::invalid: return head_error{400, "client sent invalid request"};
        case version_check::unsupported: return head_error{505, "client sent unsupported HTTP version"};
        case version_check::http_1_0: out.request.version = 10; break;
        case version_check::http_1_1: out.request.version = 11; break;
    }
    out.request.method = std::string(method);
    out.request.target = std::string(target);
    for (std::size_t i = 1; i < lines.size(); ++i) {
        const auto h = lines[i];
        if (h.size() > limits.line_size) return head_error{494, "client sent too long header line"};
        const auto colon = h.find(':');
        if (colon == std::string_view::npos || colon == 0) return head_error{400, "client sent invalid header line"};
        const auto name = h.substr(0, colon);
        for (unsigned char c : name)
            if (!token_char(c)) return head_error{400, "client sent invalid header line"};
        if (h.find('\0') != std::string_view::npos) return head_error{400, "client sent invalid header line"};
        out.request.headers.push_back({std::string(name), std::string(trim(h.substr(colon + 1)))});
    }
    return out;
}

std::variant<need_more, head_error, parsed_response> parse_response_head(std::string_view buffer,
                                                                        std::size_t max_size) {
    const auto end = head_end(buffer);
    if (!end) {
        if (buffer.size() > max_size) return head_error{502, "upstream sent too big header"};
        if (!buffer.empty() && !std::string_view("HTTP/").starts_with(buffer.substr(0, std::min<std::size_t>(5, buffer.size()))))
            return head_error{502, "upstream sent no valid HTTP/1.0 header"};
        return need_more{};
    }
    if (*end > max_size) return head_error{502, "upstream sent too big header"};
    const auto lines = lines_of(buffer.substr(0, *end));
    if (lines.empty() || !lines[0].starts_with("HTTP/1.") || lines[0].size() < 12)
        return head_error{502, "upstream sent no valid HTTP/1.0 header"};
    parsed_response out;
    out.head_size = *end;
    out.version = lines[0][7] == '0' ? 10 : 11;
    const auto code = lines[0].substr(9, 3);
    const auto [ptr, ec] = std::from_chars(code.data(), code.data() + 3, out.status);
    if (ec != std::errc{} || ptr != code.data() + 3 || out.status < 100)
        return head_error{502, "upstream sent no valid HTTP/1.0 header"};
    out.reason = std::string(trim(lines[0].substr(std::min<std::size_t>(13, lines[0].size()))));
    for (std::size_t i = 1; i < lines.size(); ++i) {
        const auto colon = lines[i].find(':');
        if (colon == std::string_view::npos || colon == 0) return head_error{502, "upstream sent invalid header"};
        out.headers.push_back({std::string(lines[i].substr(0, colon)), std::string(trim(lines[i].substr(colon + 1)))});
    }
    return out;
}

}  // namespace wsgate::proxy::http
