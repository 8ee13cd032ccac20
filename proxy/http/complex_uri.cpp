#include "http/complex_uri.hpp"

#include "http/uri_chars.hpp"

namespace wsgate::proxy::http {

using uri_chars::hex_value;
using uri_chars::in;
using uri_chars::usual;

// ngx_http_parse_complex_uri with merge_slashes on: decodes %XX, merges
// "//", resolves "." and ".." (above the root is an error), stops the path at
// '?' or '#', and cuts the query at '#'. The decoded '/', '.' and '?'
// behave as nginx makes them behave, quirks included (a decoded "%2F" merges
// with a neighbouring slash; a decoded "?" stays in the path).
bool parse_complex_uri(std::string_view path, bool empty_path, std::string& uri, std::optional<std::string>& args) {
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

}  // namespace wsgate::proxy::http
