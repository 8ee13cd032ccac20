#include "request.hpp"

#include <array>
#include <cstdint>
#include "wsgate/ascii.hpp"

namespace wsgate::proxy::http {

namespace {

// nginx's "usual" characters: a URI made only of them needs no decoding.
constexpr std::array<std::uint32_t, 8> usual{0x00000000, 0x7fff37d6, 0xffffffff, 0x7fffffff,
                                             0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff};

// ngx_escape_uri's NGX_ESCAPE_URI table in nginx 1.22.
constexpr std::array<std::uint32_t, 8> escaped{0xffffffff, 0xd000002d, 0x50000000, 0xb8000001,
                                               0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff};

bool in(const std::array<std::uint32_t, 8>& table, unsigned char ch) { return table[ch >> 5] & (1u << (ch & 0x1f)); }



int hex_value(char ch) {
    if (ch >= '0' && ch <= '9') return ch - '0';
    const char c = static_cast<char>(ch | 0x20);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

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

// ngx_http_parse_complex_uri with merge_slashes on: decodes %XX, merges
// "//", resolves "." and ".." (above the root is an error), stops the path at
// '?' or '#', and cuts the query at '#'. The decoded '/', '.' and '?'
// behave as nginx makes them behave, quirks included (a decoded "%2F" merges
// with a neighbouring slash; a decoded "?" stays in the path).
bool parse_complex(std::string_view path, bool empty_path, std::string& uri, std::optional<std::string>& args) {
    enum state_t { usual_state, slash, dot, dot_dot, quoted, quoted_second };
    state_t state = usual_state;
    state_t quoted_state = usual_state;
    int decoded = 0;
    std::string u;
    if (empty_path) u += '/';

    const auto go_up = [&]() {
        // "u -= 4" then back to the previous '/': drop "/x/.." to "/".
        if (u.size() < 4) return false;
        std::size_t pos = u.size() - 4;
        for (;;) {
            if (u[pos] == '/') {
                u.resize(pos + 1);
                return true;
            }
            if (pos == 0) return false;
            --pos;
        }
    };
    const auto rest_as_args = [&](std::size_t from) {
        const std::size_t hash = path.find('#', from);
        args = std::string(path.substr(from, hash == std::string_view::npos ? std::string_view::npos : hash - from));
    };

    std::size_t p = 0;
    if (path.empty()) {
        uri = u;
        return true;
    }
    auto ch = static_cast<unsigned char>(path[p++]);
    bool have = true;
    while (have) {
        const auto next = [&]() {
            if (p < path.size()) {
                ch = static_cast<unsigned char>(path[p++]);
            } else {
                have = false;
            }
        };
        switch (state) {
            case usual_state:
                if (in(usual, ch)) {
                    u += static_cast<char>(ch);
                    next();
                    break;
                }
                switch (ch) {
                    case '/':
                        state = slash;
                        u += '/';
                        break;
                    case '%':
                        quoted_state = state;
                        state = quoted;
                        break;
                    case '?':
                        rest_as_args(p);
                        uri = u;
                        return true;
                    case '#':
                        uri = u;
                        return true;
                    default:
                        u += static_cast<char>(ch);
                }
                next();
                break;
            case slash:
                if (in(usual, ch)) {
                    state = usual_state;
                    u += static_cast<char>(ch);
                    next();
                    break;
                }
                switch (ch) {
                    case '/':
                        break;
                    case '.':
                        state = dot;
                        u += '.';
                        break;
                    case '%':
                        quoted_state = state;
                        state = quoted;
                        break;
                    case '?':
                        rest_as_args(p);
                        uri = u;
                        return true;
                    case '#':
                        uri = u;
                        return true;
                    default:
                        state = usual_state;
                        u += static_cast<char>(ch);
                }
                next();
                break;
            case dot:
                if (in(usual, ch)) {
                    state = usual_state;
                    u += static_cast<char>(ch);
                    next();
                    break;
                }
                switch (ch) {
                    case '/':
                        state = slash;
                        u.pop_back();
                        break;
                    case '.':
                        state = dot_dot;
                        u += '.';
                        break;
                    case '%':
                        quoted_state = state;
                        state = quoted;
                        break;
                    case '?':
                        u.pop_back();
                        rest_as_args(p);
                        uri = u;
                        return true;
                    case '#':
                        u.pop_back();
                        uri = u;
                        return true;
                    default:
                        state = usual_state;
                        u += static_cast<char>(ch);
                }
                next();
                break;
            case dot_dot:
                if (in(usual, ch)) {
                    state = usual_state;
                    u += static_cast<char>(ch);
                    next();
                    break;
                }
                switch (ch) {
                    case '/':
                    case '?':
                    case '#':
                        if (!go_up()) return false;
                        if (ch == '?') {
                            rest_as_args(p);
                            uri = u;
                            return true;
                        }
                        if (ch == '#') {
                            uri = u;
                            return true;
                        }
                        state = slash;
                        break;
                    case '%':
                        quoted_state = state;
                        state = quoted;
                        break;
                    default:
                        state = usual_state;
                        u += static_cast<char>(ch);
                }
                next();
                break;
            case quoted: {
                const int v = hex_value(static_cast<char>(ch));
                if (v < 0) return false;
                decoded = v;
                state = quoted_second;
                next();
                break;
            }
            case quoted_second: {
                const int v = hex_value(static_cast<char>(ch));
                if (v < 0) return false;
                const bool digit = ch >= '0' && ch <= '9';
                ch = static_cast<unsigned char>((decoded << 4) + v);
                // Decoded '%' and '#' (digit hex) and '?' (letter hex) are plain
                // path characters; a decoded NUL is refused; anything else is
                // read again in the state before the escape.
                if (digit) {
                    if (ch == '%' || ch == '#') {
                        state = usual_state;
                        u += static_cast<char>(ch);
                        next();
                        break;
                    }
                    if (ch == '\0') return false;
                } else if (ch == '?') {
                    state = usual_state;
                    u += static_cast<char>(ch);
                    next();
                    break;
                }
                state = quoted_state;
                break;
            }
        }
    }

    if (state == quoted || state == quoted_second) return false;
    if (state == dot) {
        u.pop_back();
    } else if (state == dot_dot) {
        if (!go_up()) return false;
    }
    uri = u;
    return true;
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
        if (!parse_complex(to_parse, empty_path, result.uri, args)) return std::nullopt;
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
