// Directives that http, server and location levels share, and the http-only
// logging ones.
#include "builder.hpp"
#include "error.hpp"
#include "values.hpp"
#include "variables.hpp"

#include "wsgate/ascii.hpp"

#include <algorithm>
#include <map>

namespace wsgate::proxy::config::detail {

void builder::on_access_log(const statement& st) {
    level& l = current_level();
    if (st.args[1] == "off") {
        if (st.args.size() > 2) throw config_error("invalid parameter " + ascii::quoted(st.args[2]), st.where);
        l.access_log_set = true;
        l.access_log_off = true;
        return;
    }
    if (st.args[1].rfind("syslog:", 0) == 0)
        throw config_error("access_log to " + ascii::quoted(st.args[1]) + " is not supported by wsgate-proxy", st.where);
    if (st.args[1].find('$') != std::string::npos)
        throw config_error("access_log paths with variables are not supported by wsgate-proxy", st.where);
    // The format is always the second argument; names match without case.
    const std::string format = st.args.size() > 2 ? st.args[2] : "combined";
    const auto known = std::find_if(config_.log_formats.begin(), config_.log_formats.end(),
                                    [&](const auto& entry) { return ascii::iequals(entry.first, format); });
    if (known == config_.log_formats.end())
        throw config_error("unknown log format " + ascii::quoted(format), st.where);

    for (std::size_t i = 3; i < st.args.size(); ++i) {
        const std::string& p = st.args[i];
        if (p.rfind("buffer=", 0) == 0) {
            const auto size = parse_size(std::string_view(p).substr(7));
            if (!size) throw config_error("invalid buffer size " + ascii::quoted(p.substr(7)), st.where);
            continue;
        }
        if (p.rfind("flush=", 0) == 0) {
            const auto time = parse_time(std::string_view(p).substr(6), false);
            if (!time || *time == 0) throw config_error("invalid flush time " + ascii::quoted(p.substr(6)), st.where);
            continue;
        }
        if (p == "gzip" || p.rfind("gzip=", 0) == 0 || p.rfind("if=", 0) == 0)
            throw config_error("access_log parameter " + ascii::quoted(p) + " is not supported by wsgate-proxy", st.where);
        throw config_error("invalid parameter " + ascii::quoted(p), st.where);
    }

    l.access_log_set = true;
    l.access_logs.push_back({path_arg(st.args[1]), known->first});
}

void builder::on_log_format(const statement& st) {
    const std::string& name = st.args[1];
    if (config_.log_formats.count(name))
        throw config_error("duplicate \"log_format\" name " + ascii::quoted(name), st.where);

    static const std::map<std::string, log_format::escaping, std::less<>> escapes{
        {"default", log_format::escaping::standard},
        {"json", log_format::escaping::json},
        {"none", log_format::escaping::none}};
    log_format format;
    std::size_t first = 2;
    if (st.args[2].rfind("escape=", 0) == 0) {
        const auto found = escapes.find(std::string_view(st.args[2]).substr(7));
        if (found == escapes.end())
            throw config_error("unknown log format escaping " + ascii::quoted(st.args[2].substr(7)), st.where);
        format.escape = found->second;
        first = 3;
    }
    // nginx joins the strings into one line.
    for (std::size_t i = first; i < st.args.size(); ++i) {
        auto piece = compile(st.args[i], st, true);
        format.line.parts.insert(format.line.parts.end(), piece.parts.begin(), piece.parts.end());
        format.line.source += piece.source;
        for (const auto& part : piece.parts)
            if (part.is_variable && !writes_log_variable(part.text))
                config_.warnings.push_back(at("variable \"$" + part.text + "\" of log_format \"" + name +
                                                  "\" is written as \"-\" by wsgate-proxy",
                                              st.where));
    }
    config_.log_formats.emplace(name, std::move(format));
}

void builder::on_temp_path(const statement& st) {
    level& l = current_level();
    if (!l.temp_paths.insert(st.name()).second) duplicate(st);
    // Levels of the hashed directory tree: each 1 or 2 characters.
    for (std::size_t i = 2; i < st.args.size(); ++i) {
        const auto n = parse_number(st.args[i]);
        if (!n || *n < 1 || *n > 2) throw config_error(ascii::quoted(st.name()) + " directive invalid value", st.where);
    }
}

void builder::on_default_type(const statement& st) { set_once(current_level().default_type, st.args[1], st); }

void builder::on_types(const statement& st) {
    // wsgate-proxy serves no files, so MIME types never apply; the block is
    // read with nginx's rules for its entries ("type ext ...;", include).
    reader_.read_entries([](const statement&) {});
}

void builder::on_flag_setting(const statement& st) {
    level& l = current_level();
    const std::string& name = st.name();
    if (name == "server_tokens") {
        // nginx 1.22: on | off | build (the build name is empty here).
        std::string value = st.args[1];
        value = ascii::lowercase(std::move(value));
        if (value != "on" && value != "off" && value != "build")
            throw config_error("invalid value " + ascii::quoted(st.args[1]), st.where);
        set_once(l.server_tokens, value != "off", st);
        return;
    }
    const bool value = flag_arg(st);
    if (name == "sendfile")
        set_once(l.sendfile, value, st);
    else if (name == "tcp_nopush")
        set_once(l.tcp_nopush, value, st);
    else if (name == "tcp_nodelay")
        set_once(l.tcp_nodelay, value, st);
    else if (name == "proxy_buffering")
        set_once(l.proxy_buffering, value, st);
    else if (name == "ssl_session_tickets")
        set_once(l.ssl_session_tickets, value, st);
    else if (name == "ssl_prefer_server_ciphers")
        set_once(l.ssl_prefer_server_ciphers, value, st);
}

void builder::on_keepalive_timeout(const statement& st) {
    level& l = current_level();
    if (l.keepalive_timeout) duplicate(st);
    const millis timeout = time_arg(st);
    if (st.args.size() == 3) {
        const auto header = parse_time(st.args[2], true);
        if (!header) throw config_error(ascii::quoted(st.name()) + " directive invalid value", st.where);
        throw config_error(
            "the second parameter of \"keepalive_timeout\" (the \"Keep-Alive: timeout\" header) "
            "is not supported by wsgate-proxy",
            st.where);
    }
    l.keepalive_timeout = timeout;
}

void builder::on_send_timeout(const statement& st) { set_once(current_level().send_timeout, time_arg(st), st); }

void builder::on_client_header_timeout(const statement& st) {
    set_once(current_level().client_header_timeout, time_arg(st), st);
}

void builder::on_large_client_header_buffers(const statement& st) {
    level& l = current_level();
    if (l.large_client_header_buffers) duplicate(st);
    const auto number = parse_number(st.args[1]);
    const auto size = parse_size(st.args[2]);
    if (!number || *number == 0 || *number > max_int32_value || !size || *size == 0)
        throw config_error(ascii::quoted(st.name()) + " directive invalid value", st.where);
    l.large_client_header_buffers = std::pair{static_cast<int>(*number), static_cast<std::size_t>(*size)};
}

void builder::on_client_max_body_size(const statement& st) {
    const auto size = parse_offset(st.args[1]);
    if (!size) throw config_error(ascii::quoted(st.name()) + " directive invalid value", st.where);
    set_once(current_level().client_max_body_size, static_cast<std::uint64_t>(*size), st);
}

void builder::on_proxy_set_header(const statement& st) {
    level& l = current_level();
    if (!l.set_headers) l.set_headers.emplace();
    l.set_headers->push_back({st.args[1], compile(st.args[2], st)});
}

void builder::on_add_header(const statement& st) {
    if (st.args.size() == 4 && st.args[3] != "always")
        throw config_error("invalid parameter " + ascii::quoted(st.args[3]), st.where);
    level& l = current_level();
    if (!l.add_headers) l.add_headers.emplace();
    l.add_headers->push_back({st.args[1], compile(st.args[2], st), st.args.size() == 4});
}

void builder::on_proxy_hide_or_pass_header(const statement& st) {
    level& l = current_level();
    auto& list = st.name() == "proxy_hide_header" ? l.hide_headers : l.pass_headers;
    if (!list) list.emplace();
    list->push_back(st.args[1]);
}

void builder::on_proxy_http_version(const statement& st) {
    level& l = current_level();
    if (l.proxy_http_version) duplicate(st);
    if (st.args[1] == "1.0")
        l.proxy_http_version = 10;
    else if (st.args[1] == "1.1")
        l.proxy_http_version = 11;
    else
        throw config_error("invalid value " + ascii::quoted(st.args[1]), st.where);
}

void builder::on_proxy_timeout(const statement& st) {
    level& l = current_level();
    const millis value = time_arg(st);
    if (st.name() == "proxy_connect_timeout")
        set_once(l.proxy_connect_timeout, value, st);
    else if (st.name() == "proxy_read_timeout")
        set_once(l.proxy_read_timeout, value, st);
    else if (st.name() == "proxy_send_timeout")
        set_once(l.proxy_send_timeout, value, st);
    else
        set_once(l.proxy_next_upstream_timeout, value, st);
}

void builder::on_proxy_next_upstream(const statement& st) {
    using f = next_upstream_flag;
    static const std::vector<std::pair<std::string, unsigned>> masks{
        {"error", static_cast<unsigned>(f::error)},
        {"timeout", static_cast<unsigned>(f::timeout)},
        {"invalid_header", static_cast<unsigned>(f::invalid_header)},
        {"http_500", static_cast<unsigned>(f::http_500)},
        {"http_502", static_cast<unsigned>(f::http_502)},
        {"http_503", static_cast<unsigned>(f::http_503)},
        {"http_504", static_cast<unsigned>(f::http_504)},
        {"http_403", static_cast<unsigned>(f::http_403)},
        {"http_404", static_cast<unsigned>(f::http_404)},
        {"http_429", static_cast<unsigned>(f::http_429)},
        {"non_idempotent", static_cast<unsigned>(f::non_idempotent)},
        {"off", static_cast<unsigned>(f::off)},
    };
    // ngx_conf_set_bitmask_slot: repeated directives add up, a repeated value
    // is a warning, and "off" anywhere wins when the levels are merged.
    level& l = current_level();
    unsigned bits = l.proxy_next_upstream.value_or(0);
    for (std::size_t i = 1; i < st.args.size(); ++i) {
        const auto it =
            std::find_if(masks.begin(), masks.end(), [&](const auto& m) { return ascii::iequals(m.first, st.args[i]); });
        if (it == masks.end()) throw config_error("invalid value " + ascii::quoted(st.args[i]), st.where);
        if (bits & it->second) config_.warnings.push_back(at("duplicate value " + ascii::quoted(st.args[i]), st.where));
        bits |= it->second;
    }
    l.proxy_next_upstream = bits;
}

void builder::on_proxy_next_upstream_tries(const statement& st) {
    level& l = current_level();
    if (l.proxy_next_upstream_tries) duplicate(st);
    const auto n = parse_number(st.args[1]);
    if (!n || *n > max_int32_value) throw config_error(ascii::quoted(st.name()) + " directive invalid number", st.where);
    l.proxy_next_upstream_tries = static_cast<int>(*n);
}

void builder::on_proxy_buffer_size(const statement& st) {
    level& l = current_level();
    if (l.proxy_buffer_size) duplicate(st);
    const auto size = parse_size(st.args[1]);
    if (!size) throw config_error(ascii::quoted(st.name()) + " directive invalid value", st.where);
    if (*size == 0) throw config_error("\"proxy_buffer_size 0\" is not supported by wsgate-proxy", st.where);
    l.proxy_buffer_size = static_cast<std::size_t>(*size);
}

void builder::on_proxy_redirect(const statement& st) {
    // Only the two forms without a pattern: the default rewrite of upstream
    // Location headers, or none.
    if (st.args.size() == 2 && st.args[1] == "default") {
        current_level().proxy_redirect = true;
        return;
    }
    if (st.args.size() == 2 && st.args[1] == "off") {
        current_level().proxy_redirect = false;
        return;
    }
    throw config_error(
        "\"proxy_redirect\" with a pattern is not supported by wsgate-proxy, only \"default\" and \"off\"", st.where);
}

}  // namespace wsgate::proxy::config::detail
