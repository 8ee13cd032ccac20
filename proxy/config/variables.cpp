#include "variables.hpp"

#include "names.hpp"

#include "wsgate/ascii.hpp"

#include <algorithm>
#include <iterator>

namespace wsgate::proxy::config {

namespace {

constexpr std::string_view request_variables[] = {
    "host", "remote_addr", "remote_port", "scheme", "https", "request_uri", "uri", "document_uri", "args",
    "query_string", "is_args", "request_method", "server_name", "server_port", "server_addr", "server_protocol",
    "request", "content_length", "content_type", "hostname", "nginx_version", "proxy_host", "proxy_port",
    "proxy_add_x_forwarded_for", "proxy_internal_body_length", "proxy_internal_chunked", "ssl_protocol",
    "ssl_server_name"};

constexpr std::string_view request_prefixes[] = {"http_", "arg_", "cookie_"};

constexpr std::string_view log_variables[] = {
    "time_local", "time_iso8601", "msec", "status", "body_bytes_sent", "bytes_sent", "request_time",
    "request_length", "connection", "connection_requests", "pipe", "remote_user", "upstream_addr",
    "upstream_status", "upstream_response_time", "upstream_connect_time", "upstream_header_time",
    "upstream_response_length", "upstream_bytes_received", "upstream_bytes_sent", "upstream_cache_status",
    "request_id", "binary_remote_addr", "ssl_cipher", "ssl_session_id", "ssl_ciphers", "ssl_curves",
    "document_root", "realpath_root", "limit_rate", "pid", "request_completion", "request_body",
    "ssl_session_reused"};

constexpr std::string_view log_prefixes[] = {
    "sent_http_", "sent_trailer_", "upstream_http_", "upstream_trailer_", "upstream_cookie_"};

constexpr int max_map_depth = 16;

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

// ngx_http_variable_unknown_header's comparison: the header name lowercased
// with '-' read as '_' equals the variable's suffix.
bool header_matches(std::string_view header, std::string_view suffix) {
    if (header.size() != suffix.size()) return false;
    for (std::size_t i = 0; i < header.size(); ++i) {
        const char ch = header[i] == '-' ? '_' : ascii::to_lower(header[i]);
        if (ch != suffix[i]) return false;
    }
    return true;
}

std::optional<std::string> joined_headers(const eval_context& c, std::string_view name, std::string_view separator) {
    std::optional<std::string> result;
    for (const auto& h : c.headers) {
        if (!ascii::iequals(h.name, name)) continue;
        if (result) *result += separator;
        result = result.value_or("") + h.value;
    }
    return result;
}

std::optional<std::string> header_variable(const eval_context& c, std::string_view suffix) {
    if (suffix == "cookie") return joined_headers(c, "Cookie", "; ");
    if (suffix == "x_forwarded_for") return joined_headers(c, "X-Forwarded-For", ", ");
    for (const auto& h : c.headers)
        if (header_matches(h.name, suffix)) return h.value;
    return std::nullopt;
}

// ngx_http_arg: "name=value" at the start of the query or after '&'.
std::optional<std::string> arg_variable(const eval_context& c, std::string_view name) {
    const std::string_view args = c.args;
    if (name.empty()) return std::nullopt;
    for (std::size_t p = 0; p + name.size() < args.size(); ++p) {
        if (!ascii::iequals(args.substr(p, name.size()), name)) continue;
        if ((p == 0 || args[p - 1] == '&') && args[p + name.size()] == '=') {
            const std::size_t start = p + name.size() + 1;
            const std::size_t end = args.find('&', start);
            return std::string(
                args.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        }
    }
    return std::nullopt;
}

// ngx_http_parse_multi_header_lines over the Cookie headers.
std::optional<std::string> cookie_variable(const eval_context& c, std::string_view name) {
    for (const auto& h : c.headers) {
        if (!ascii::iequals(h.name, "Cookie") || name.size() > h.value.size()) continue;
        const std::string_view value = h.value;
        std::size_t p = 0;
        while (p < value.size()) {
            if (ascii::iequals(value.substr(p, name.size()), name)) {
                std::size_t q = p + name.size();
                while (q < value.size() && value[q] == ' ') ++q;
                if (q < value.size() && value[q] == '=') {
                    ++q;
                    while (q < value.size() && value[q] == ' ') ++q;
                    std::size_t end = q;
                    while (end < value.size() && value[end] != ';') ++end;
                    return std::string(value.substr(q, end - q));
                }
            }
            while (p < value.size()) {
                const char ch = value[p++];
                if (ch == ';' || ch == ',') break;
            }
            while (p < value.size() && value[p] == ' ') ++p;
        }
    }
    return std::nullopt;
}

std::string proxy_add_x_forwarded_for(const eval_context& c) {
    std::string result;
    bool any = false;
    for (const auto& h : c.headers) {
        if (!ascii::iequals(h.name, "X-Forwarded-For")) continue;
        result += h.value;
        result += ", ";
        any = true;
    }
    return any ? result + c.remote_addr : c.remote_addr;
}

std::string evaluate_at(const value_template& value, const eval_context& context, int depth);

std::optional<std::string> value_at(std::string_view name, const eval_context& c, int depth);

std::optional<std::string> map_value(const map_block& map, const eval_context& c, int depth) {
    if (depth >= max_map_depth) return std::string();
    std::string source = evaluate_at(map.source, c, depth + 1);
    if (map.hostnames && !source.empty() && source.back() == '.') source.pop_back();
    const std::string key = ascii::lowercase(source);

    auto found = map.entries.find(key);
    if (found == map.entries.end() && map.hostnames) {
        const auto match = match_name(key, [&](const std::string& k) {
            return map.entries.count(k) > 0; });
        if (match) found = map.entries.find(*match);
    }
    const value_template* chosen = found != map.entries.end() ? &found->second : nullptr;
    // ngx_http_map_find: the regular expressions after the exact and wildcard keys, in order.
    for (const auto& [pattern, value] : map.regex_entries) {
        if (chosen) break;
        if (pattern.matches(source)) chosen = &value;
    }
    if (!chosen) chosen = &map.default_value;
    return evaluate_at(*chosen, c, depth + 1);
}

std::optional<std::string> builtin_value(std::string_view n, const eval_context& c) {
    if (n == "host") return c.host;
    if (n == "remote_addr") return c.remote_addr;
    if (n == "remote_port") return std::to_string(c.remote_port);
    if (n == "scheme") return std::string(c.https ? "https" : "http");
    if (n == "https") return std::string(c.https ? "on" : "");
    if (n == "request_uri") return c.request_uri;
    if (n == "uri" || n == "document_uri") return c.uri;
    if (n == "args" || n == "query_string") return c.args;
    if (n == "is_args") return std::string(c.args.empty() ? "" : "?");
    if (n == "request_method") return c.method;
    if (n == "server_name") return c.server_name;
    if (n == "server_port") return std::to_string(c.server_port);
    if (n == "server_addr") return c.server_addr;
    if (n == "server_protocol") return std::string(c.http_version == 10 ? "HTTP/1.0" : "HTTP/1.1");
    if (n == "request") return c.request_line;
    if (n == "content_length") {
        if (auto header = header_variable(c, "content_length")) return header;
        if (c.body_length && !c.body_chunked) return std::to_string(*c.body_length);
        return std::nullopt;
    }
    if (n == "content_type") return header_variable(c, "content_type");
    if (n == "hostname") return c.hostname;
    if (n == "nginx_version") return std::string("1.22.1");
    if (n == "proxy_host") return c.proxy_host;
    if (n == "proxy_port") return c.proxy_port;
    if (n == "proxy_add_x_forwarded_for") return proxy_add_x_forwarded_for(c);
    if (n == "proxy_internal_body_length") {
        if (c.body_length && !c.body_chunked) return std::to_string(*c.body_length);
        return std::nullopt;
    }
    if (n == "proxy_internal_chunked") {
        if (c.body_chunked) return std::string("chunked");
        return std::nullopt;
    }
    if (n == "ssl_protocol") return c.https ? std::optional<std::string>(c.ssl_protocol) : std::nullopt;
    if (n == "ssl_server_name") return c.ssl_server_name.empty() ? std::nullopt : std::optional(c.ssl_server_name);
    if (starts_with(n, "http_")) return header_variable(c, n.substr(5));
    if (starts_with(n, "arg_")) return arg_variable(c, n.substr(4));
    if (starts_with(n, "cookie_")) return cookie_variable(c, n.substr(7));
    if (c.log) return log_variable(n, c);
    return std::nullopt;
}

bool is_capture(std::string_view name) { return name.size() == 1 && name[0] >= '1' && name[0] <= '9'; }

std::optional<std::string> value_at(std::string_view name, const eval_context& c, int depth) {
    // A capture the last match did not have is empty, as in nginx.
    if (is_capture(name)) {
        const auto n = static_cast<std::size_t>(name[0] - '0');
        return n < c.rewrite.captures.size() ? c.rewrite.captures[n] : std::string();
    }
    // A map target shadows a prefix variable of the same name, as in nginx's
    // variable hash.
    if (c.maps) {
        for (auto it = c.maps->rbegin(); it != c.maps->rend(); ++it)
            if (it->target_variable == name) return map_value(*it, c, depth);
    }
    for (const auto& [set_name, value] : c.rewrite.set_variables)
        if (set_name == name) return value;
    return builtin_value(name, c);
}

std::string evaluate_at(const value_template& value, const eval_context& context, int depth) {
    std::string result;
    for (const auto& part : value.parts) {
        if (!part.is_variable) {
            result += part.text;
            continue;
        }
        if (auto v = value_at(part.text, context, depth)) result += *v;
    }
    return result;
}

}  // namespace

variable_kind classify_variable(std::string_view name) {
    if (is_capture(name)) return variable_kind::request;
    if (std::ranges::find(request_variables, name) != std::end(request_variables)) return variable_kind::request;
    for (const auto prefix : request_prefixes)
        if (starts_with(name, prefix)) return variable_kind::request;
    if (std::ranges::find(log_variables, name) != std::end(log_variables)) return variable_kind::log_only;
    for (const auto prefix : log_prefixes)
        if (starts_with(name, prefix)) return variable_kind::log_only;
    return variable_kind::unknown;
}

bool is_builtin_variable(std::string_view name) {
    return std::ranges::find(request_variables, name) != std::end(request_variables) ||
           std::ranges::find(log_variables, name) != std::end(log_variables);
}

void assign(rewrite_state& state, const std::string& name, std::string value) {
    for (auto& [set_name, current] : state.set_variables)
        if (set_name == name) {
            current = std::move(value);
            return;
        }
    state.set_variables.emplace_back(name, std::move(value));
}

void take_captures(rewrite_state& state, const regex& pattern, std::vector<std::string> groups) {
    for (const auto& [name, number] : pattern.names())
        if (number < groups.size()) assign(state, ascii::lowercase(name), groups[number]);
    state.captures = std::move(groups);
}

std::string evaluate(const value_template& value, const eval_context& context) {
    return evaluate_at(value, context, 0);
}

std::optional<std::string> value_of(std::string_view name, const eval_context& context) {
    return value_at(name, context, 0);
}

}  // namespace wsgate::proxy::config
