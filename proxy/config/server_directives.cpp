// server{} and location{} blocks: listen, server_name, TLS settings,
// locations and proxy_pass.
#include "builder.hpp"
#include "error.hpp"
#include "url.hpp"
#include "values.hpp"

#include "wsgate/ascii.hpp"

#include <algorithm>
#include <stdexcept>

namespace wsgate::proxy::config::detail {

namespace {

// "builtin" without a size: OpenSSL's SSL_SESSION_CACHE_MAX_SIZE_DEFAULT.
constexpr std::size_t openssl_default_cache_sessions = 20480;
// nginx refuses shared zones under eight memory pages.
constexpr std::int64_t min_shared_zone_bytes = 8 * 4096;

}  // namespace

void builder::on_server(const statement& st) {
    servers_.emplace_back();
    servers_.back().where = st.where;
    read_block(server_ctx);
}

void builder::on_listen(const statement& st) {
    const std::string& text = st.args[1];
    if (text.rfind("unix:", 0) == 0)
        throw config_error("listen on UNIX-domain sockets is not supported by wsgate-proxy", st.where);

    listen_spec spec;
    spec.where = st.where;
    try {
        const parsed_url url = parse_url(text, 80, true, false);
        spec.port = url.port;
        if (url.host.empty() || url.host == "*") {
            spec.address = "0.0.0.0";
        } else {
            const auto address = resolve_host(url.host);
            if (!address) throw std::invalid_argument("host not found");
            spec.address = *address;
        }
    } catch (const std::invalid_argument& e) {
        throw config_error(std::string(e.what()) + " in " + ascii::quoted(text) + " of the \"listen\" directive", st.where);
    }

    bool options_set = false;
    for (std::size_t i = 2; i < st.args.size(); ++i) {
        const std::string& p = st.args[i];
        if (p == "default_server" || p == "default") {
            spec.default_server = true;
        } else if (p == "ssl") {
            spec.ssl = true;
        } else if (p == "bind") {
            spec.bind = true;
            options_set = true;
        } else if (p == "reuseport") {
            spec.reuseport = true;
            spec.bind = true;
            options_set = true;
        } else if (p.rfind("backlog=", 0) == 0) {
            const auto n = parse_number(std::string_view(p).substr(8));
            if (!n || *n == 0 || *n > max_int32_value) throw config_error("invalid backlog " + ascii::quoted(p), st.where);
            spec.backlog = static_cast<int>(*n);
            spec.bind = true;
            options_set = true;
        } else if (p == "http2") {
            config_.warnings.push_back(at("the \"listen\" parameter \"http2\" is accepted, but wsgate-proxy speaks "
                                          "HTTP/1.1 on this listener (its ALPN offers http/1.1 only)",
                                          st.where));
        } else if (p == "proxy_protocol" || p == "deferred" || p.rfind("rcvbuf=", 0) == 0 ||
                   p.rfind("sndbuf=", 0) == 0 || p.rfind("so_keepalive=", 0) == 0 || p.rfind("fastopen=", 0) == 0 ||
                   p.rfind("ipv6only=", 0) == 0 || p.rfind("setfib=", 0) == 0 || p.rfind("accept_filter=", 0) == 0) {
            throw config_error("the \"listen\" parameter " + ascii::quoted(p) + " is not supported by wsgate-proxy", st.where);
        } else {
            throw config_error("invalid parameter " + ascii::quoted(p), st.where);
        }
    }

    servers_.back().listens.push_back(spec);
    add_listen(spec, servers_.size() - 1, options_set ? &st : nullptr);
}

void builder::add_listen(listen_spec spec, std::size_t server, const statement* options) {
    // ngx_http_add_addresses: one entry per address:port; its servers, its
    // default server, TLS when any listen says ssl.
    const std::string text = address_text(spec.address, spec.port);
    auto& addresses = config_.addresses;
    const auto it = std::find_if(addresses.begin(), addresses.end(), [&](const listen_address& a) {
        return a.address == spec.address && a.port == spec.port;
    });
    if (it == addresses.end()) {
        listen_address a;
        a.address = spec.address;
        a.port = spec.port;
        a.text = text;
        a.wildcard = is_wildcard_address(spec.address);
        a.ssl = spec.ssl;
        a.bind = spec.bind;
        a.reuseport = spec.reuseport;
        a.backlog = spec.backlog;
        a.default_server = server;
        a.servers.push_back(server);
        addresses.push_back(std::move(a));
        address_states_.push_back({options != nullptr, spec.default_server});
        return;
    }

    listen_address& a = *it;
    address_state& state = address_states_[static_cast<std::size_t>(it - addresses.begin())];
    if (std::find(a.servers.begin(), a.servers.end(), server) != a.servers.end())
        throw config_error("a duplicate listen " + text, spec.where);
    if (options) {
        if (state.options_set) throw config_error("duplicate listen options for " + text, spec.where);
        state.options_set = true;
        a.bind = spec.bind;
        a.reuseport = spec.reuseport;
        a.backlog = spec.backlog;
    }
    if (spec.default_server) {
        if (state.has_default) throw config_error("a duplicate default server for " + text, spec.where);
        state.has_default = true;
        a.default_server = server;
    }
    a.ssl = a.ssl || spec.ssl;
    a.servers.push_back(server);
}

void builder::on_server_name(const statement& st) {
    raw_server& server = servers_.back();
    if (!server.names) server.names.emplace();
    for (std::size_t i = 1; i < st.args.size(); ++i) {
        std::string name = st.args[i];
        // ngx_http_core_server_name: a regex matches without regard to case.
        if (!name.empty() && name[0] == '~') {
            server.name_regexes.push_back(compile_regex(name.substr(1), true, st.where));
            server.names->push_back(std::move(name));
            continue;
        }
        if (!name.empty() &&
            ((name[0] == '*' && (name.size() < 3 || name[1] != '.')) || (name[0] == '.' && name.size() < 2)))
            throw config_error("server name " + ascii::quoted(name) + " is invalid", st.where);
        if (name.find('/') != std::string::npos)
            config_.warnings.push_back(at("server name " + ascii::quoted(name) + " has suspicious symbols", st.where));
        name = ascii::lowercase(std::move(name));
        server.names->push_back(std::move(name));
    }
}

void builder::on_ssl_path(const statement& st) {
    level& l = current_level();
    auto& slot = st.name() == "ssl_certificate" ? l.ssl_certificate : l.ssl_certificate_key;
    if (slot)
        throw config_error(
            "several " + ascii::quoted(st.name()) + " directives at one level are not supported by wsgate-proxy", st.where);
    if (st.args[1].find('$') != std::string::npos)
        throw config_error(ascii::quoted(st.name()) + " with variables is not supported by wsgate-proxy", st.where);
    if (st.args[1].rfind("data:", 0) == 0 || st.args[1].rfind("engine:", 0) == 0)
        throw config_error(ascii::quoted(st.name()) + " " + ascii::quoted(st.args[1].substr(0, st.args[1].find(':') + 1)) +
                               " is not supported by wsgate-proxy",
                           st.where);
    // Kept as written: nginx names it so in messages; resolved against the
    // configuration's folder when the server is built.
    slot = st.args[1];
    if (st.name() == "ssl_certificate") l.ssl_certificate_where = st.where;
}

void builder::on_ssl_protocols(const statement& st) {
    static const std::vector<std::string> names{"SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"};
    level& l = current_level();
    std::vector<bool> enabled(names.size(), false);
    if (l.ssl_protocols)
        for (const auto& p : *l.ssl_protocols)
            enabled[static_cast<std::size_t>(std::find(names.begin(), names.end(), p) - names.begin())] = true;

    for (std::size_t i = 1; i < st.args.size(); ++i) {
        const auto it = std::find_if(names.begin(), names.end(), [&](const std::string& n) {
            return n.size() == st.args[i].size() && ascii::istarts_with(n, st.args[i]);
        });
        if (it == names.end()) throw config_error("invalid value " + ascii::quoted(st.args[i]), st.where);
        const auto index = static_cast<std::size_t>(it - names.begin());
        if (enabled[index]) config_.warnings.push_back(at("duplicate value " + ascii::quoted(st.args[i]), st.where));
        enabled[index] = true;
    }
    l.ssl_protocols.emplace();
    for (std::size_t i = 0; i < names.size(); ++i)
        if (enabled[i]) l.ssl_protocols->push_back(names[i]);
}

void builder::on_ssl_ciphers(const statement& st) { set_once(current_level().ssl_ciphers, st.args[1], st); }

void builder::on_ssl_session_timeout(const statement& st) {
    level& l = current_level();
    if (l.ssl_session_timeout) duplicate(st);
    const auto seconds = parse_time(st.args[1], true);
    if (!seconds || *seconds > max_int32_value) throw config_error(ascii::quoted(st.name()) + " directive invalid value", st.where);
    l.ssl_session_timeout = millis(*seconds * 1000);
}

void builder::on_ssl_session_cache(const statement& st) {
    level& l = current_level();
    for (std::size_t i = 1; i < st.args.size(); ++i) {
        const std::string& v = st.args[i];
        const auto invalid = [&] { return config_error("invalid session cache " + ascii::quoted(v), st.where); };
        if (v == "off") {
            l.ssl_builtin_cache = std::pair{session_cache_mode::off, std::size_t{0}};
        } else if (v == "none") {
            l.ssl_builtin_cache = std::pair{session_cache_mode::none, std::size_t{0}};
        } else if (v == "builtin") {
            l.ssl_builtin_cache = std::pair{session_cache_mode::builtin, openssl_default_cache_sessions};
        } else if (v.size() > 8 && v.rfind("builtin:", 0) == 0) {
            const auto n = parse_number(std::string_view(v).substr(8));
            if (!n) throw invalid();
            l.ssl_builtin_cache = std::pair{session_cache_mode::builtin, static_cast<std::size_t>(*n)};
        } else if (v.size() > 7 && v.rfind("shared:", 0) == 0) {
            const auto colon = v.find(':', 7);
            if (colon == std::string::npos || colon == 7) throw invalid();
            const std::string zone = v.substr(7, colon - 7);
            const auto bytes = parse_size(std::string_view(v).substr(colon + 1));
            if (!bytes) throw invalid();
            if (*bytes < min_shared_zone_bytes)
                throw config_error("session cache " + ascii::quoted(v) + " is too small", st.where);
            const auto size = static_cast<std::size_t>(*bytes);
            const auto known =
                std::find_if(zone_sizes_.begin(), zone_sizes_.end(), [&](const auto& z) { return z.first == zone; });
            if (known != zone_sizes_.end() && known->second != size)
                throw config_error("the size " + std::to_string(size) + " of shared memory zone " + ascii::quoted(zone) +
                                       " conflicts with already declared size " + std::to_string(known->second),
                                   st.where);
            if (known == zone_sizes_.end()) zone_sizes_.emplace_back(zone, size);
            l.ssl_shared_cache = std::pair{zone, size};
        } else {
            throw invalid();
        }
    }
    // A shared zone without a built-in part at the same level turns the
    // built-in cache off (NGX_SSL_NO_BUILTIN_SCACHE); "shared" marks that.
    if (l.ssl_shared_cache && !l.ssl_builtin_cache)
        l.ssl_builtin_cache = std::pair{session_cache_mode::shared, std::size_t{0}};
}

void builder::on_location(const statement& st) {
    if (context_ == location_ctx)
        return refuse(st, "nested locations are not supported by wsgate-proxy (" + ascii::quoted(st.args.back()) +
                              " inside " + ascii::quoted(servers_.back().locations.back().path) + ")");

    raw_location loc;
    loc.where = st.where;
    std::string modifier;
    std::string name;
    if (st.args.size() == 3) {
        modifier = st.args[1];
        name = st.args[2];
        if (modifier != "=" && modifier != "^~" && modifier != "~" && modifier != "~*")
            throw config_error("invalid location modifier " + ascii::quoted(modifier), st.where);
    } else {
        name = st.args[1];
        if (name.rfind("=", 0) == 0)
            modifier = "=";
        else if (name.rfind("^~", 0) == 0)
            modifier = "^~";
        else if (name.rfind("~*", 0) == 0)
            modifier = "~*";
        else if (name.rfind("~", 0) == 0)
            modifier = "~";
        name = name.substr(modifier.size());
    }

    loc.path = name;
    const bool regex_location = modifier == "~" || modifier == "~*";
    if (regex_location) loc.regex = compile_capturing(name, modifier == "~*", st.where);
    // Named locations ("@app") are reached only by try_files, never by a URI.
    loc.kind = regex_location                                ? location_block::match::regex
               : modifier == "="                             ? location_block::match::exact
               : modifier == "^~"                            ? location_block::match::prefix_no_regex
               : modifier.empty() && name.starts_with("@")  ? location_block::match::named
                                                             : location_block::match::prefix;

    // nginx joins "= /a" with "/a" but refuses two exact, prefix or named
    // locations with one name (ngx_http_join_exact_locations); regexes may
    // repeat.
    const bool exact = loc.kind == location_block::match::exact;
    for (const auto& other : servers_.back().locations)
        if (!regex_location && other.kind != location_block::match::regex && other.path == loc.path &&
            (other.kind == location_block::match::exact) == exact)
            throw config_error("duplicate location " + ascii::quoted(loc.path), st.where);

    servers_.back().locations.push_back(std::move(loc));
    read_block(location_ctx);
}

void builder::on_proxy_pass(const statement& st) {
    raw_location& loc = servers_.back().locations.back();
    if (loc.proxy_pass) duplicate(st);

    const std::string& url = st.args[1];
    if (url.find('$') != std::string::npos)
        throw config_error("\"proxy_pass\" with variables is not supported by wsgate-proxy", st.where);
    std::size_t skip = 0;
    if (ascii::istarts_with(url, "http://")) {
        skip = 7;
    } else if (ascii::istarts_with(url, "https://")) {
        throw config_error("\"proxy_pass\" to https:// upstreams is not supported by wsgate-proxy", st.where);
    } else {
        throw config_error("invalid URL prefix", st.where);
    }
    std::optional<std::string> uri;
    try {
        uri = parse_url(std::string_view(url).substr(skip), 80, false, true).uri;
    } catch (const std::invalid_argument& e) {
        throw config_error(std::string(e.what()) + " in upstream " + ascii::quoted(url.substr(skip)), st.where);
    }
    // A regex says nothing about which part of the URI to replace.
    if (uri && loc.kind == location_block::match::regex)
        throw config_error("\"proxy_pass\" cannot have URI part in location given by regular expression, or inside "
                           "named location, or inside \"if\" statement, or inside \"limit_except\" block",
                           st.where);
    loc.proxy_pass = st;
}

}  // namespace wsgate::proxy::config::detail
