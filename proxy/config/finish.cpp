// What nginx does once the http block is read: proxy_pass targets against
// upstream blocks, inheritance into servers and locations, the TLS checks,
// variable names, and the server-name tables of each listen address.
#include "builder.hpp"
#include "error.hpp"
#include "names.hpp"
#include "url.hpp"
#include "values.hpp"
#include "variables.hpp"

#include "wsgate/ascii.hpp"

#include <unistd.h>

#include <algorithm>

namespace wsgate::proxy::config::detail {

namespace {

// nginx: one megabyte of shared cache holds about 4000 sessions.
constexpr std::size_t sessions_per_megabyte = 4000;

// The first level (innermost first) that set the setting, else the default.
template <class T>
T inherit(const std::optional<T>& inner, const std::optional<T>& middle, const std::optional<T>& outer, T fallback) {
    if (inner) return *inner;
    if (middle) return *middle;
    if (outer) return *outer;
    return fallback;
}

// The same for settings only the http and server levels have.
template <class T>
T inherit(const std::optional<T>& inner, const std::optional<T>& outer, T fallback) {
    return inherit(inner, outer, std::optional<T>{}, std::move(fallback));
}

// ngx_http_proxy_headers: sent unless proxy_set_header names them; an empty
// value means "do not send", and still keeps the client's header out.
std::vector<header_directive> default_headers() {
    std::vector<header_directive> headers;
    for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
             {"Host", "$proxy_host"},
             {"Connection", "close"},
             {"Content-Length", "$proxy_internal_body_length"},
             {"Transfer-Encoding", "$proxy_internal_chunked"},
             {"TE", ""},
             {"Keep-Alive", ""},
             {"Expect", ""},
             {"Upgrade", ""},
         })
        headers.push_back({name, compile_template(value)});
    return headers;
}

}  // namespace

void builder::finish_http() {
    // A server without listen gets *:80, or *:8000 when not started as root
    // (ngx_http_core_merge_srv_conf), after every explicit listen.
    for (std::size_t i = 0; i < servers_.size(); ++i) {
        raw_server& server = servers_[i];
        if (!server.listens.empty()) continue;
        listen_spec spec;
        spec.port = ::getuid() == 0 ? 80 : 8000;
        spec.where = server.where;
        server.listens.push_back(spec);
        add_listen(spec, i, nullptr);
    }

    for (const auto& upstream : config_.upstreams) {
        const bool any_primary = std::any_of(upstream.servers.begin(), upstream.servers.end(),
                                             [](const upstream_server& s) { return !s.backup; });
        if (!any_primary) throw config_error("no servers in upstream " + ascii::quoted(upstream.name), upstream.where);
    }

    std::vector<server_block> servers;
    servers.reserve(servers_.size());
    for (const auto& raw : servers_) servers.push_back(build_server(raw));

    check_ssl(servers);
    check_variables();
    config_.servers = std::move(servers);
    check_server_names();
}

proxy_pass_target builder::resolve_proxy_pass(const statement& st) {
    const std::string& url = st.args[1];
    const parsed_url parsed = parse_url(std::string_view(url).substr(7), 80, false, true);

    proxy_pass_target target;
    target.url = url;
    target.host = parsed.host;
    target.port = parsed.port;
    target.has_port = parsed.has_port;
    target.uri = parsed.uri;

    for (const auto& upstream : config_.upstreams) {
        if (!ascii::iequals(upstream.name, parsed.host)) continue;
        if (parsed.has_port)
            throw config_error("upstream " + ascii::quoted(parsed.host) + " may not have port " + std::to_string(parsed.port),
                               st.where);
        target.upstream = &upstream;
        target.proxy_host = parsed.host;
        target.proxy_port = "80";
        return target;
    }

    const auto address = resolve_host(parsed.host);
    if (!address) throw config_error("host not found in upstream " + ascii::quoted(parsed.host), st.where);
    target.address = *address;
    // ngx_http_proxy_set_vars: the port shows in $proxy_host unless it is 80.
    const bool default_port = !parsed.has_port || parsed.port == 80;
    target.proxy_host = default_port ? parsed.host : parsed.host + ":" + parsed.port_text;
    target.proxy_port = default_port ? "80" : parsed.port_text;
    return target;
}

location_block builder::build_location(const raw_location& raw, const level& server, const level& http) {
    const level& l = raw.settings;
    location_block b;
    b.kind = raw.kind;
    b.path = raw.path;
    b.regex = raw.regex;
    b.try_files = l.try_files;
    b.where = raw.where;
    b.rewrites = raw.rewrites;
    if (raw.proxy_pass) b.proxy_pass = resolve_proxy_pass(*raw.proxy_pass);

    b.proxy_http_version = inherit(l.proxy_http_version, server.proxy_http_version, http.proxy_http_version,
                                   default_proxy_http_version);
    // A level with any proxy_set_header replaces the inherited list entirely.
    b.set_headers = inherit(l.set_headers, server.set_headers, http.set_headers, std::vector<header_directive>{});
    b.upstream_headers = b.set_headers;
    b.add_headers = inherit(l.add_headers, server.add_headers, http.add_headers, std::vector<added_header>{});
    // ngx_http_upstream_hide_headers_hash: each list from the innermost level that has one.
    b.hide_headers = inherit(l.hide_headers, server.hide_headers, http.hide_headers, std::vector<std::string>{});
    b.pass_headers = inherit(l.pass_headers, server.pass_headers, http.pass_headers, std::vector<std::string>{});
    b.default_type = inherit(l.default_type, server.default_type, http.default_type, std::string("text/plain"));
    for (auto& d : default_headers()) {
        const bool overridden = std::any_of(b.set_headers.begin(), b.set_headers.end(),
                                            [&](const header_directive& h) { return ascii::iequals(h.name, d.name); });
        if (!overridden) b.upstream_headers.push_back(std::move(d));
    }

    b.proxy_connect_timeout =
        inherit(l.proxy_connect_timeout, server.proxy_connect_timeout, http.proxy_connect_timeout, default_timeout);
    b.proxy_read_timeout =
        inherit(l.proxy_read_timeout, server.proxy_read_timeout, http.proxy_read_timeout, default_timeout);
    b.proxy_send_timeout =
        inherit(l.proxy_send_timeout, server.proxy_send_timeout, http.proxy_send_timeout, default_timeout);
    b.send_timeout = inherit(l.send_timeout, server.send_timeout, http.send_timeout, default_timeout);
    b.next_upstream_timeout = inherit(l.proxy_next_upstream_timeout, server.proxy_next_upstream_timeout,
                                      http.proxy_next_upstream_timeout, millis{0});
    const unsigned bits =
        inherit(l.proxy_next_upstream, server.proxy_next_upstream, http.proxy_next_upstream, b.next_upstream);
    b.next_upstream = (bits & static_cast<unsigned>(next_upstream_flag::off)) ? 0 : bits;
    b.next_upstream_tries =
        inherit(l.proxy_next_upstream_tries, server.proxy_next_upstream_tries, http.proxy_next_upstream_tries, 0);
    b.proxy_buffer_size =
        inherit(l.proxy_buffer_size, server.proxy_buffer_size, http.proxy_buffer_size, default_proxy_buffer_size);
    b.proxy_buffering = inherit(l.proxy_buffering, server.proxy_buffering, http.proxy_buffering, true);
    b.proxy_redirect = inherit(l.proxy_redirect, server.proxy_redirect, http.proxy_redirect, true);
    b.keepalive_timeout =
        inherit(l.keepalive_timeout, server.keepalive_timeout, http.keepalive_timeout, default_keepalive_timeout);
    b.server_tokens = inherit(l.server_tokens, server.server_tokens, http.server_tokens, true);
    b.tcp_nodelay = inherit(l.tcp_nodelay, server.tcp_nodelay, http.tcp_nodelay, true);
    b.client_max_body_size = inherit(l.client_max_body_size, server.client_max_body_size, http.client_max_body_size,
                                     default_client_max_body_size);
    // Only prefix and exact locations redirect "/ws" to "/ws/" (nginx keeps
    // auto_redirect in its static location tree, regexes are not in it).
    b.auto_redirect = b.proxy_pass && !b.regex && !b.path.empty() && b.path.back() == '/';

    // access_log: the innermost level that has any; nginx's built-in default
    // ("logs/access.log" in the prefix, combined) when none has.
    const level* logging = l.access_log_set        ? &l
                           : server.access_log_set ? &server
                           : http.access_log_set   ? &http
                                                   : nullptr;
    if (!logging) {
        b.access_logs.push_back({path_arg("logs/access.log"), std::string(combined_format)});
    } else if (!logging->access_log_off) {
        b.access_logs = logging->access_logs;
    }
    return b;
}

server_block builder::build_server(const raw_server& raw) {
    const level& s = raw.settings;
    const level& h = http_;
    server_block b;
    b.where = raw.where;
    b.listens = raw.listens;
    b.server_names = raw.names.value_or(std::vector<std::string>{""});
    b.name_regexes = raw.name_regexes;

    ssl_settings& ssl = b.ssl;
    if (const auto cert = s.ssl_certificate ? s.ssl_certificate : h.ssl_certificate) ssl.certificate = *cert;
    if (const auto key = s.ssl_certificate_key ? s.ssl_certificate_key : h.ssl_certificate_key)
        ssl.certificate_key = *key;
    if (!ssl.certificate.empty() && ssl.certificate_key.empty())
        throw config_error("no \"ssl_certificate_key\" is defined for certificate " + ascii::quoted(ssl.certificate));
    if (!ssl.certificate.empty()) ssl.certificate = full_name(conf_prefix_, ssl.certificate);
    if (!ssl.certificate_key.empty()) ssl.certificate_key = full_name(conf_prefix_, ssl.certificate_key);
    ssl.protocols = inherit(s.ssl_protocols, h.ssl_protocols, ssl.protocols);
    ssl.ciphers = inherit(s.ssl_ciphers, h.ssl_ciphers, ssl.ciphers);
    ssl.prefer_server_ciphers = inherit(s.ssl_prefer_server_ciphers, h.ssl_prefer_server_ciphers, false);
    ssl.session_tickets = inherit(s.ssl_session_tickets, h.ssl_session_tickets, true);
    ssl.session_timeout = inherit(s.ssl_session_timeout, h.ssl_session_timeout, ssl.session_timeout);

    // The built-in part and the shared zone inherit separately, as in nginx.
    const auto builtin =
        inherit(s.ssl_builtin_cache, h.ssl_builtin_cache, std::pair{session_cache_mode::none, std::size_t{0}});
    const auto shared = s.ssl_shared_cache ? s.ssl_shared_cache : h.ssl_shared_cache;
    if (builtin.first == session_cache_mode::off || builtin.first == session_cache_mode::none) {
        ssl.session_cache = builtin.first;
    } else if (shared) {
        ssl.session_cache = session_cache_mode::shared;
        ssl.session_cache_zone = shared->first;
        ssl.session_cache_bytes = shared->second;
        ssl.session_cache_size = shared->second * sessions_per_megabyte / (1024 * 1024);
    } else if (builtin.first == session_cache_mode::builtin) {
        ssl.session_cache = session_cache_mode::builtin;
        ssl.session_cache_size = builtin.second;
    }

    b.client_header_timeout = inherit(s.client_header_timeout, h.client_header_timeout, b.client_header_timeout);
    const auto buffers = inherit(s.large_client_header_buffers, h.large_client_header_buffers,
                                 std::pair{b.large_client_header_buffers_number, b.large_client_header_buffers_size});
    b.large_client_header_buffers_number = buffers.first;
    b.large_client_header_buffers_size = buffers.second;

    b.rewrites = raw.rewrites;
    b.unmatched = build_location(raw_location{}, s, h);
    // A server's try_files serves the requests no location takes: nginx
    // does not merge it into the locations.
    b.unmatched.try_files = s.try_files;
    b.keepalive_timeout = b.unmatched.keepalive_timeout;
    for (const auto& loc : raw.locations) b.locations.push_back(build_location(loc, s, h));
    return b;
}

void builder::check_ssl(const std::vector<server_block>& servers) {
    // ngx_http_ssl_init: the default server of every TLS address needs a
    // certificate (SNI may pick no other server).
    for (const auto& address : config_.addresses) {
        if (!address.ssl) continue;
        const server_block& server = servers[address.default_server];
        if (server.ssl.certificate.empty())
            throw config_error("no \"ssl_certificate\" is defined for the \"listen ... ssl\" directive", server.where);
    }
}

void builder::check_variables() {
    for (const auto& use : variables_) {
        const bool mapped = std::any_of(config_.maps.begin(), config_.maps.end(),
                                        [&](const map_block& m) { return m.target_variable == use.name; });
        if (mapped || set_variables_.count(use.name)) continue;
        switch (classify_variable(use.name)) {
            case variable_kind::request:
                break;
            case variable_kind::log_only:
                if (!use.in_log_format)
                    throw config_error(
                        "variable \"$" + use.name + "\" is not supported by wsgate-proxy outside log_format",
                        use.where);
                break;
            case variable_kind::unknown:
                // nginx names no place for this one; the directive's place helps.
                throw config_error("unknown " + ascii::quoted(use.name) + " variable", use.where);
        }
    }
}

void builder::check_server_names() {
    for (auto& address : config_.addresses) {
        // nginx builds a name table only where several servers share the address.
        if (address.servers.size() > 1) {
            for (const std::size_t index : address.servers) {
                for (const auto& pattern : config_.servers[index].name_regexes)
                    address.regex_names.emplace_back(pattern, index);
                for (const auto& name : config_.servers[index].server_names) {
                    if (name.starts_with("~")) continue;
                    if (!classify_name(name))
                        throw config_error("invalid server name or wildcard " + ascii::quoted(name) + " on " + address.text);
                    const auto has = [&](const std::string& key) { return address.names.count(key) > 0; };
                    if (name_conflicts(name, has)) {
                        config_.warnings.push_back("conflicting server name " + ascii::quoted(name) + " on " + address.text +
                                                   ", ignored");
                        continue;
                    }
                    address.names.emplace(name, index);
                }
            }
        }

        // ngx_http_init_listening: addresses on a port with a wildcard share
        // its socket unless they asked for their own.
        const bool v6 = address.address.find(':') != std::string::npos;
        const bool wildcard_on_port =
            std::any_of(config_.addresses.begin(), config_.addresses.end(), [&](const listen_address& a) {
                return a.wildcard && a.port == address.port && (a.address.find(':') != std::string::npos) == v6;
            });
        address.bind = address.wildcard || address.bind || !wildcard_on_port;
    }
}

}  // namespace wsgate::proxy::config::detail
