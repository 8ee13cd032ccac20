// The variables only an access log line has ($status, $request_time,
// $upstream_addr, ...) and the line itself, escaped as ngx_http_log_module
// escapes it (escape=default, json or none).
#include "variables.hpp"

#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <map>
#include <functional>

namespace wsgate::proxy::config {

namespace {

using clock = std::chrono::system_clock;

std::string seconds(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3f", value);
    return text;
}

std::optional<std::string> seconds_or_none(const std::optional<double>& value) {
    return value ? std::optional(seconds(*value)) : std::nullopt;
}

// Empty is "not found": no upstream, no TLS.
std::optional<std::string> found_if_set(const std::string& value) {
    return value.empty() ? std::nullopt : std::optional(value);
}

std::string local_time(clock::time_point at, const char* format) {
    const std::time_t t = clock::to_time_t(at);
    std::tm tm{};
    localtime_r(&t, &tm);
    char text[64];
    std::strftime(text, sizeof text, format, &tm);
    return text;
}

// $time_iso8601: the offset written "+00:00", where strftime writes "+0000".
std::string iso8601(clock::time_point at) {
    const std::string text = local_time(at, "%Y-%m-%dT%H:%M:%S%z");
    const std::size_t minutes = text.size() - 2;
    return text.substr(0, minutes) + ":" + text.substr(minutes);
}

std::string msec(clock::time_point at) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
    char text[32];
    std::snprintf(text, sizeof text, "%lld.%03lld", static_cast<long long>(ms / 1000), static_cast<long long>(ms % 1000));
    return text;
}

using getter = std::function<std::optional<std::string>(const log_values&)>;

const std::map<std::string, getter, std::less<>>& getters() {
    static const std::map<std::string, getter, std::less<>> table{
        {"status", [](const log_values& v) { return std::optional(std::to_string(v.status)); }},
        {"body_bytes_sent", [](const log_values& v) { return std::optional(std::to_string(v.body_bytes_sent)); }},
        {"bytes_sent", [](const log_values& v) { return std::optional(std::to_string(v.bytes_sent)); }},
        {"time_local", [](const log_values& v) { return std::optional(local_time(v.now, "%d/%b/%Y:%H:%M:%S %z")); }},
        {"time_iso8601", [](const log_values& v) { return std::optional(iso8601(v.now)); }},
        {"msec", [](const log_values& v) { return std::optional(msec(v.now)); }},
        {"request_time", [](const log_values& v) { return std::optional(seconds(v.request_time)); }},
        {"request_length", [](const log_values& v) { return std::optional(std::to_string(v.request_length)); }},
        {"connection", [](const log_values& v) { return std::optional(std::to_string(v.connection)); }},
        {"connection_requests",
         [](const log_values& v) { return std::optional(std::to_string(v.connection_requests)); }},
        {"pipe", [](const log_values& v) { return std::optional(std::string(v.pipelined ? "p" : ".")); }},
        {"remote_user", [](const log_values&) { return std::optional<std::string>(); }},
        {"pid", [](const log_values&) { return std::optional(std::to_string(::getpid())); }},
        {"upstream_addr", [](const log_values& v) { return found_if_set(v.upstream_addr); }},
        {"upstream_status", [](const log_values& v) { return found_if_set(v.upstream_status); }},
        {"upstream_connect_time", [](const log_values& v) { return seconds_or_none(v.upstream_connect_time); }},
        {"upstream_header_time", [](const log_values& v) { return seconds_or_none(v.upstream_header_time); }},
        {"upstream_response_time", [](const log_values& v) { return seconds_or_none(v.upstream_response_time); }},
        {"ssl_cipher", [](const log_values& v) { return found_if_set(v.ssl_cipher); }},
        {"ssl_session_reused",
         [](const log_values& v) { return std::optional(std::string(v.ssl_session_reused ? "r" : ".")); }},
    };
    return table;
}

void append_escaped(std::string& out, const std::string& value, log_format::escaping how) {
    using escaping = log_format::escaping;
    for (const unsigned char c : value) {
        char code[8];
        if (how == escaping::standard && (c == '"' || c == '\\' || c < 0x20 || c >= 0x7f)) {
            std::snprintf(code, sizeof code, "\\x%02X", c);
            out += code;
        } else if (how == escaping::json && (c == '"' || c == '\\')) {
            out += '\\';
            out += static_cast<char>(c);
        } else if (how == escaping::json && c < 0x20) {
            std::snprintf(code, sizeof code, "\\u%04X", c);
            out += code;
        } else {
            out += static_cast<char>(c);
        }
    }
}

}  // namespace

std::optional<std::string> log_variable(std::string_view name, const eval_context& context) {
    const auto found = getters().find(name);
    if (found == getters().end() || !context.log) return std::nullopt;
    return found->second(*context.log);
}

bool writes_log_variable(std::string_view name) {
    return classify_variable(name) != variable_kind::log_only || getters().count(name) > 0;
}

std::string evaluate_log(const log_format& format, const eval_context& context) {
    std::string line;
    for (const auto& part : format.line.parts) {
        if (!part.is_variable) {
            line += part.text;
            continue;
        }
        // ngx_http_log_variable: a value not found is written "-" (with
        // escape=json, nothing).
        const auto value = value_of(part.text, context);
        if (!value) {
            if (format.escape != log_format::escaping::json) line += '-';
            continue;
        }
        append_escaped(line, *value, format.escape);
    }
    return line;
}

}  // namespace wsgate::proxy::config
