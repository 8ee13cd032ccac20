#include "http/request_target.hpp"

#include "http/complex_uri.hpp"
#include "http/request.hpp"
#include "http/uri_chars.hpp"

#include <string>

namespace wsgate::proxy::http {

namespace {

using uri_chars::escaped;
using uri_chars::in;
using uri_chars::usual;

struct path_flags {
    bool complex = false;
    bool quoted = false;
    std::optional<std::size_t> args_start;  // index after '?'
};

// The path states of ngx_http_parse_request_line: which URIs need the
// complex parser, where the query starts, which bytes are refused.
std::optional<path_flags> scan_path(std::string_view path) {
    enum { after_slash, check_uri, uri } state = after_slash;
    path_flags flags;
    for (std::size_t i = 1; i < path.size(); ++i) {
        const auto ch = static_cast<unsigned char>(path[i]);
        switch (state) {
            case after_slash:
                if (in(usual, ch)) {
                    state = check_uri;
                    break;
                }
                switch (ch) {
                    case '.':
                    case '/':
                    case '#':
                        flags.complex = true;
                        state = uri;
                        break;
                    case '%':
                        flags.quoted = true;
                        state = uri;
                        break;
                    case '?':
                        flags.args_start = i + 1;
                        state = uri;
                        break;
                    case '+':
                        break;
                    default:
                        if (ch <= 0x20 || ch == 0x7f) return std::nullopt;
                        state = check_uri;
                }
                break;
            case check_uri:
                if (in(usual, ch)) break;
                switch (ch) {
                    case '/':
                        state = after_slash;
                        break;
                    case '.':
                    case '+':
                        break;
                    case '%':
                        flags.quoted = true;
                        state = uri;
                        break;
                    case '?':
                        flags.args_start = i + 1;
                        state = uri;
                        break;
                    case '#':
                        flags.complex = true;
                        state = uri;
                        break;
                    default:
                        if (ch <= 0x20 || ch == 0x7f) return std::nullopt;
                }
                break;
            case uri:
                if (in(usual, ch)) break;
                if (ch == '#')
                    flags.complex = true;
                else if (ch <= 0x20 || ch == 0x7f)
                    return std::nullopt;
                break;
        }
    }
    return flags;
}

}  // namespace

std::string escape_uri(std::string_view text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto ch = static_cast<unsigned char>(c);
        if (in(escaped, ch)) {
            out += '%';
            out += hex[ch >> 4];
            out += hex[ch & 0xf];
        } else {
            out += c;
        }
    }
    return out;
}

std::optional<request_target> parse_target(std::string_view target) {
    request_target result;
    std::string_view path;
    bool empty_path = false;

    if (!target.empty() && target[0] == '/') {
        path = target;
    } else {
        // absolute-form: scheme "://" host [":" port] then '/', '?' or the end.
        std::size_t i = 0;
        const auto alpha = [](char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; };
        if (target.empty() || !alpha(target[0])) return std::nullopt;
        while (i < target.size() && (alpha(target[i]) || (target[i] >= '0' && target[i] <= '9') || target[i] == '+' ||
                                     target[i] == '-' || target[i] == '.'))
            ++i;
        if (target.substr(i, 3) != "://") return std::nullopt;
        i += 3;
        const std::size_t host_start = i;
        if (i < target.size() && target[i] == '[') {
            while (i < target.size() && target[i] != ']') {
                const char c = target[i];
                if (!(alpha(c) || (c >= '0' && c <= '9') ||
                      std::string_view(":[-._~!$&'()*+,;=").find(c) != std::string_view::npos))
                    return std::nullopt;
                ++i;
            }
            if (i == target.size()) return std::nullopt;
            ++i;
        } else {
            while (i < target.size() &&
                   (alpha(target[i]) || (target[i] >= '0' && target[i] <= '9') || target[i] == '.' || target[i] == '-'))
                ++i;
        }
        std::size_t host_end = i;
        if (i < target.size() && target[i] == ':') {
            ++i;
            while (i < target.size() && target[i] >= '0' && target[i] <= '9') ++i;
            host_end = i;
        }
        const auto host = validate_host(target.substr(host_start, host_end - host_start));
        if (!host) return std::nullopt;
        result.host = *host;
        if (i == target.size()) {
            path = "/";
        } else if (target[i] == '/') {
            path = target.substr(i);
        } else if (target[i] == '?') {
            path = target.substr(i);
            empty_path = true;
        } else {
            return std::nullopt;
        }
    }

    result.unparsed_uri = std::string(path);
    path_flags flags;
    if (empty_path) {
        flags.args_start = 1;
    } else {
        const auto scanned = scan_path(path);
        if (!scanned) return std::nullopt;
        flags = *scanned;
    }
    if (empty_path) {
        // "http://host?x": the path is "/" and the rest the query.
        for (std::size_t i = 1; i < path.size(); ++i) {
            const auto ch = static_cast<unsigned char>(path[i]);
            if (ch <= 0x20 || ch == 0x7f) return std::nullopt;
        }
    }

    if (flags.complex || flags.quoted || empty_path) {
        std::optional<std::string> args;
        const std::string_view to_parse = empty_path ? std::string_view() : path;
        if (!parse_complex_uri(to_parse, empty_path, result.uri, args)) return std::nullopt;
        if (empty_path) args = std::string(path.substr(1));
        result.args = args.value_or("");
        // nginx marks the URI quoted when its path had an escape.
        const std::size_t end = path.find_first_of("?#");
        result.quoted = path.substr(0, end).find('%') != std::string_view::npos;
    } else if (flags.args_start) {
        result.uri = std::string(path.substr(0, *flags.args_start - 1));
        result.args = std::string(path.substr(*flags.args_start));
    } else {
        result.uri = std::string(path);
    }
    return result;
}

}  // namespace wsgate::proxy::http
