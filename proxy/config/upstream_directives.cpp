// upstream{} and map{} blocks.
#include "builder.hpp"
#include "error.hpp"
#include "names.hpp"
#include "url.hpp"
#include "values.hpp"
#include "variables.hpp"

#include "wsgate/ascii.hpp"

#include <algorithm>
#include <stdexcept>

namespace wsgate::proxy::config::detail {

void builder::on_upstream(const statement& st) {
    const std::string& name = st.args[1];
    for (const auto& u : config_.upstreams)
        if (ascii::iequals(u.name, name)) throw config_error("duplicate upstream " + ascii::quoted(name), st.where);

    upstream_block block;
    block.name = name;
    block.where = st.where;
    config_.upstreams.push_back(std::move(block));
    read_block(upstream_ctx);

    if (config_.upstreams.back().servers.empty()) throw config_error("no servers are inside upstream", reader_.where());
}

namespace {

// The hash methods take no backup servers: nginx refuses "backup" on a
// server after them, and a server before them keeps it.
bool takes_backup(upstream_block::method m) {
    return m != upstream_block::method::ip_hash && m != upstream_block::method::hash &&
           m != upstream_block::method::consistent_hash;
}

}  // namespace

void builder::set_balancing(upstream_block::method method, const statement& st) {
    auto& block = config_.upstreams.back();
    if (block.balancing != upstream_block::method::round_robin)
        config_.warnings.push_back(at("load balancing method redefined", st.where));
    block.balancing = method;
}

void builder::on_least_conn(const statement& st) { set_balancing(upstream_block::method::least_conn, st); }

void builder::on_ip_hash(const statement& st) { set_balancing(upstream_block::method::ip_hash, st); }

void builder::on_hash(const statement& st) {
    if (st.args.size() == 3 && st.args[2] != "consistent")
        throw config_error("invalid parameter " + ascii::quoted(st.args[2]), st.where);
    set_balancing(st.args.size() == 3 ? upstream_block::method::consistent_hash : upstream_block::method::hash, st);
    config_.upstreams.back().hash_key = compile(st.args[1], st);
}

void builder::on_upstream_server(const statement& st) {
    upstream_server server;
    server.where = st.where;

    // Parameters are checked before the address, as ngx_http_upstream_server does.
    for (std::size_t i = 2; i < st.args.size(); ++i) {
        const std::string& p = st.args[i];
        const auto invalid = [&] { return config_error("invalid parameter " + ascii::quoted(p), st.where); };
        if (p.rfind("weight=", 0) == 0) {
            const auto n = parse_number(std::string_view(p).substr(7));
            if (!n || *n == 0 || *n > max_int32_value) throw invalid();
            server.weight = static_cast<int>(*n);
        } else if (p.rfind("max_fails=", 0) == 0) {
            const auto n = parse_number(std::string_view(p).substr(10));
            if (!n || *n > max_int32_value) throw invalid();
            server.max_fails = static_cast<int>(*n);
        } else if (p.rfind("fail_timeout=", 0) == 0) {
            const auto seconds = parse_time(std::string_view(p).substr(13), true);
            if (!seconds || *seconds > max_int32_value) throw invalid();
            server.fail_timeout = millis(*seconds * 1000);
        } else if (p == "backup" && takes_backup(config_.upstreams.back().balancing)) {
            server.backup = true;
        } else if (p == "down") {
            server.down = true;
        } else if (p.rfind("max_conns=", 0) == 0) {
            throw config_error("the upstream server parameter " + ascii::quoted(p) + " is not supported by wsgate-proxy",
                               st.where);
        } else {
            throw invalid();
        }
    }

    const std::string& url = st.args[1];
    if (url.rfind("unix:", 0) == 0)
        throw config_error("UNIX-domain upstream servers are not supported by wsgate-proxy", st.where);
    try {
        const parsed_url parsed = parse_url(url, 80, false, false);
        const auto address = resolve_host(parsed.host);
        if (!address) throw std::invalid_argument("host not found");
        server.host = parsed.host;
        server.port = parsed.port;
        server.address = *address;
        server.name = url;
    } catch (const std::invalid_argument& e) {
        throw config_error(std::string(e.what()) + " in upstream " + ascii::quoted(url), st.where);
    }
    config_.upstreams.back().servers.push_back(std::move(server));
}

void builder::on_map(const statement& st) {
    map_block map;
    map.where = st.where;
    map.source = compile(st.args[1], st);
    map.source_variable = single_variable(map.source).value_or("");

    const std::string& target = st.args[2];
    if (target.empty() || target[0] != '$') throw config_error("invalid variable name " + ascii::quoted(target), st.where);
    map.target_variable = ascii::lowercase(target.substr(1));
    if (is_builtin_variable(map.target_variable))
        throw config_error("the duplicate " + ascii::quoted(map.target_variable) + " variable", st.where);

    bool has_default = false;
    reader_.read_entries([&](const statement& entry) {
        const auto& args = entry.args;
        if (args.size() == 1 && (args[0] == "hostnames" || args[0] == "volatile")) {
            if (args[0] == "hostnames") map.hostnames = true;
            return;
        }
        if (args.size() != 2) throw config_error("invalid number of the map parameters", entry.where);

        value_template value = compile(args[1], entry);
        if (args[0] == "default") {
            if (has_default) throw config_error("duplicate default map parameter", entry.where);
            has_default = true;
            map.default_value = std::move(value);
            return;
        }
        std::string key = args[0];
        if (!key.empty() && key[0] == '~') {
            const bool caseless = key.starts_with("~*");
            map.regex_entries.emplace_back(compile_regex(key.substr(caseless ? 2 : 1), caseless, entry.where),
                                           std::move(value));
            return;
        }
        if (!key.empty() && key[0] == '\\') key.erase(0, 1);
        key = ascii::lowercase(std::move(key));

        const auto has_key = [&](const std::string& k) { return map.entries.count(k) > 0; };
        if (map.hostnames) {
            if (!classify_name(key)) throw config_error("invalid hostname or wildcard " + ascii::quoted(key), entry.where);
            if (name_conflicts(key, has_key)) throw config_error("conflicting parameter " + ascii::quoted(key), entry.where);
        } else if (has_key(key)) {
            throw config_error("conflicting parameter " + ascii::quoted(key), entry.where);
        }
        map.entries.emplace(std::move(key), std::move(value));
    });

    // A later map of the same variable replaces the earlier one, as in nginx.
    auto& maps = config_.maps;
    maps.erase(std::remove_if(maps.begin(), maps.end(),
                              [&](const map_block& m) { return m.target_variable == map.target_variable; }),
               maps.end());
    maps.push_back(std::move(map));
}

}  // namespace wsgate::proxy::config::detail
