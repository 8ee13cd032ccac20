#include "route.hpp"

#include "config/names.hpp"

#include <algorithm>

namespace wsgate::proxy::http {

namespace {

bool is_v6(std::string_view address) { return address.find(':') != std::string_view::npos; }

}  // namespace

const config::listen_address* find_listen_address(const config::main_config& config, std::string_view local_addr,
                                                  std::uint16_t local_port) {
    const config::listen_address* wildcard = nullptr;
    for (const auto& a : config.addresses) {
        if (a.port != local_port) continue;
        if (a.address == local_addr) return &a;
        if (a.wildcard && is_v6(a.address) == is_v6(local_addr)) wildcard = &a;
    }
    return wildcard;
}

std::optional<std::size_t> find_server_by_name(const config::listen_address& address, std::string_view name) {
    if (address.servers.size() == 1) return address.servers.front();
    const auto key = config::match_name(name, [&](const std::string& k) { return address.names.count(k) > 0; });
    if (key) return address.names.at(*key);
    for (const auto& [pattern, server] : address.regex_names)
        if (pattern.matches(name)) return server;
    return std::nullopt;
}

sni_choice choose_by_sni(const config::listen_address& address, std::string_view sni) {
    sni_choice choice;
    choice.server = address.default_server;
    if (sni.empty()) return choice;
    const auto host = validate_host(sni);
    if (!host) return choice;
    // With a single server nginx has no name table: nothing "matches".
    if (address.servers.size() == 1) return choice;
    if (const auto server = find_server_by_name(address, *host)) {
        choice.server = *server;
        choice.matched = *host;
    }
    return choice;
}

std::size_t choose_server(const config::listen_address& address, const sni_choice* tls, std::string_view host) {
    const std::size_t connection_server = tls ? tls->server : address.default_server;
    if (tls && tls->matched && *tls->matched == host) return connection_server;
    if (address.servers.size() == 1) return connection_server;
    if (const auto server = find_server_by_name(address, host)) return *server;
    if (tls && tls->matched) return address.default_server;
    return connection_server;
}

std::string host_variable(const request_info& request, const config::server_block& server) {
    if (!request.host.empty()) return request.host;
    return server.server_names.empty() ? std::string() : server.server_names.front();
}

location_match find_location(const config::server_block& server, std::string_view uri) {
    using config::location_block;
    const location_block* longest = nullptr;
    const location_block* redirect = nullptr;
    for (const auto& loc : server.locations) {
        if (loc.kind == location_block::match::regex || loc.kind == location_block::match::named) continue;
        if (loc.kind == location_block::match::exact) {
            if (loc.path == uri) return {location_match::kind::found, &loc};
        } else if (uri.substr(0, loc.path.size()) == loc.path) {
            if (!longest || loc.path.size() > longest->path.size()) longest = &loc;
        }
        if (loc.auto_redirect && loc.path.size() == uri.size() + 1 && loc.path.compare(0, uri.size(), uri) == 0)
            redirect = &loc;
    }
    // ngx_http_core_find_location: a prefix match of the whole URI or the
    // longest one still lets the regexes decide (NGX_AGAIN) unless it is
    // "^~"; the trailing-slash redirect (NGX_DONE) does not.
    const bool whole = longest && longest->path.size() == uri.size();
    if (!whole && redirect) return {location_match::kind::redirect, redirect};
    if (!longest || longest->kind != location_block::match::prefix_no_regex)
        for (const auto& loc : server.locations)
            if (loc.regex)
                if (auto groups = loc.regex->match(uri)) return {location_match::kind::found, &loc, std::move(*groups)};
    if (longest) return {location_match::kind::found, longest};
    return {};
}

const config::location_block* find_named(const config::server_block& server, std::string_view name) {
    for (const auto& loc : server.locations)
        if (loc.kind == config::location_block::match::named && loc.path == name) return &loc;
    return nullptr;
}

request_target redirected_target(const request_target& original, std::string_view uri_and_args) {
    request_target t = original;
    const auto question = uri_and_args.find('?');
    t.uri = std::string(uri_and_args.substr(0, question));
    t.args = question == std::string_view::npos ? std::string() : std::string(uri_and_args.substr(question + 1));
    t.redirected = true;
    return t;
}

std::string upstream_uri(const config::location_block& location, const request_target& target) {
    const bool has_uri_part = location.proxy_pass && location.proxy_pass->uri;
    // ngx_http_proxy_create_request: a URI that "rewrite ... break" changed
    // (valid_location unset) goes whole, without the proxy_pass URI part.
    if (target.rewritten_in_place || (!has_uri_part && target.redirected))
        return escape_uri(target.uri) + (target.args.empty() ? "" : "?" + target.args);
    if (!has_uri_part) return target.unparsed_uri;
    const std::size_t skip = std::min(location.path.size(), target.uri.size());
    const std::string_view rest = std::string_view(target.uri).substr(skip);
    std::string uri = *location.proxy_pass->uri;
    uri += target.quoted || target.redirected ? escape_uri(rest) : std::string(rest);
    if (!target.args.empty()) uri += "?" + target.args;
    return uri;
}

std::string absolute_location(std::string_view path_and_query, const request_info& request,
                              const connection_info& connection) {
    std::string location = connection.tls ? "https://" : "http://";
    location += request.host.empty() ? connection.local_addr : request.host;
    const std::uint16_t default_port = connection.tls ? 443 : 80;
    if (connection.local_port != default_port) location += ":" + std::to_string(connection.local_port);
    location += path_and_query;
    return location;
}

route_result find_config(const config::server_block& server, const request_info& info,
                         const connection_info& connection) {
    route_result result;
    location_match match = find_location(server, info.target.uri);
    result.location = match.location ? match.location : &server.unmatched;
    result.captures = std::move(match.captures);

    // ngx_http_core_find_config_phase: the body limit first, then the redirect.
    const auto limit = result.location->client_max_body_size;
    if (info.content_length && limit && *info.content_length > limit) {
        result.what = route_result::action::too_large;
        result.status = 413;
        return result;
    }
    if (match.what == location_match::kind::redirect) {
        std::string path = result.location->path;
        if (!info.target.args.empty()) path += "?" + info.target.args;
        result.what = route_result::action::redirect;
        result.status = 301;
        result.location_header = absolute_location(path, info, connection);
        return result;
    }
    result.what = route_result::action::found;
    return result;
}

route_result choose_content(const config::server_block& server, const client_request& request,
                            const request_info& info, const config::location_block& location) {
    route_result result;
    result.location = &location;
    // try_files finds none of its files: its last argument decides.
    if (const auto& fallback = location.try_files) {
        if (fallback->code) {
            result.what = route_result::action::static_response;
            result.status = *fallback->code;
            return result;
        }
        if (fallback->uri) {
            result.what = route_result::action::internal_redirect;
            return result;
        }
        const auto* named = find_named(server, fallback->named);
        if (!named) {
            result.what = route_result::action::static_response;
            result.status = 500;  // nginx: "could not find named location"
            return result;
        }
        result.what = route_result::action::named_redirect;
        result.location = named;
        return result;
    }
    if (!location.proxy_pass) {
        result.what = route_result::action::static_response;
        const bool readable = request.method == "GET" || request.method == "HEAD" || request.method == "POST";
        result.status = readable ? 404 : 405;
        return result;
    }
    result.what = route_result::action::proxy;
    result.status = 0;
    result.upstream_uri = upstream_uri(location, info.target);
    return result;
}

std::string rewrite_upstream_location(const config::location_block& location, std::string_view value,
                                      const request_info& request, const connection_info& connection) {
    if (!location.proxy_redirect || !location.proxy_pass) return std::string(value);
    const auto& pass = *location.proxy_pass;
    const std::string pattern = pass.uri ? pass.url : pass.url + "/";
    const std::string replacement = pass.uri ? location.path : "/";
    if (value.substr(0, pattern.size()) != pattern) return std::string(value);
    const std::string rewritten = replacement + std::string(value.substr(pattern.size()));
    if (!rewritten.empty() && rewritten[0] == '/') return absolute_location(rewritten, request, connection);
    return rewritten;
}

}  // namespace wsgate::proxy::http
