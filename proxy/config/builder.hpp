// The loader's working state while it reads a configuration: the directive
// table, the settings written at each http/server/location level (merged
// into the model once the http block is read), and the checks nginx makes
// after parsing. Internal to the loader.
#pragma once

#include "model.hpp"
#include "error.hpp"
#include "reader.hpp"

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace wsgate::proxy::config::detail {

// Where a directive may appear (nginx's NGX_*_CONF bits).
enum context : unsigned {
    main_ctx = 1u << 0,
    events_ctx = 1u << 1,
    http_ctx = 1u << 2,
    server_ctx = 1u << 3,
    location_ctx = 1u << 4,
    upstream_ctx = 1u << 5,
    if_ctx = 1u << 6,  // an "if" block of a server or a location
};

// How many arguments it takes (nginx's NGX_CONF_TAKE*, FLAG, 1MORE, 2MORE).
enum arity : unsigned {
    no_args = 1u << 0,
    take1 = 1u << 1,
    take2 = 1u << 2,
    take3 = 1u << 3,
    take4 = 1u << 4,
    flag = 1u << 8,
    one_more = 1u << 9,
    two_more = 1u << 10,
    take12 = take1 | take2,
    take123 = take1 | take2 | take3,
    take23 = take2 | take3,
};

// The settings one http, server or location level wrote itself; unset ones
// are inherited from the enclosing level when the model is built.
struct level {
    std::optional<std::vector<header_directive>> set_headers;
    std::optional<std::vector<added_header>> add_headers;
    std::optional<std::vector<std::string>> hide_headers;
    std::optional<std::vector<std::string>> pass_headers;
    std::optional<try_files_fallback> try_files;
    std::optional<std::string> root;
    std::optional<int> proxy_http_version;
    std::optional<millis> proxy_connect_timeout;
    std::optional<millis> proxy_read_timeout;
    std::optional<millis> proxy_send_timeout;
    std::optional<millis> proxy_next_upstream_timeout;
    std::optional<unsigned> proxy_next_upstream;  // 0: off
    std::optional<int> proxy_next_upstream_tries;
    std::optional<std::size_t> proxy_buffer_size;
    std::optional<bool> proxy_buffering;
    std::optional<bool> proxy_redirect;
    std::optional<millis> send_timeout;
    std::optional<millis> keepalive_timeout;
    std::optional<bool> server_tokens;
    std::optional<bool> tcp_nodelay;
    std::optional<bool> sendfile;
    std::optional<bool> tcp_nopush;
    std::optional<std::uint64_t> client_max_body_size;
    std::optional<std::string> default_type;
    std::set<std::string> temp_paths;  // which *_temp_path directives this level has

    // access_log: any access_log at a level replaces the inherited ones.
    bool access_log_set = false;
    bool access_log_off = false;  // "off" wins over the level's other lines, as in nginx
    std::vector<access_log_target> access_logs;

    // http and server levels only.
    std::optional<millis> client_header_timeout;
    std::optional<std::pair<int, std::size_t>> large_client_header_buffers;
    std::optional<std::string> ssl_certificate;
    std::optional<std::string> ssl_certificate_key;
    source_location ssl_certificate_where;
    std::optional<std::vector<std::string>> ssl_protocols;
    std::optional<std::string> ssl_ciphers;
    std::optional<bool> ssl_prefer_server_ciphers;
    std::optional<bool> ssl_session_tickets;
    std::optional<millis> ssl_session_timeout;
    // ssl_session_cache: nginx keeps the built-in part (off, none or
    // builtin[:N]) and the shared zone apart, and inherits them apart.
    std::optional<std::pair<session_cache_mode, std::size_t>> ssl_builtin_cache;
    std::optional<std::pair<std::string, std::size_t>> ssl_shared_cache;  // zone name, bytes
};

struct raw_location {
    location_block::match kind = location_block::match::prefix;
    std::string path;
    std::optional<config::regex> regex;
    source_location where;
    level settings;
    rewrite_list rewrites;
    std::optional<statement> proxy_pass;  // resolved once upstream blocks are known
};

struct raw_server {
    source_location where;
    level settings;
    rewrite_list rewrites;
    std::vector<listen_spec> listens;
    std::optional<std::vector<std::string>> names;
    std::vector<regex> name_regexes;  // the "~" names, compiled, in order
    std::vector<raw_location> locations;
};

struct variable_use {
    std::string name;
    source_location where;
    bool in_log_format = false;
};

class builder {
public:
    builder(std::string file, std::string prefix, std::string conf_prefix);

    main_config run();

private:
    using handler_fn = void (builder::*)(const statement&);
    struct directive {
        std::string_view name;
        unsigned contexts;  // where nginx takes it (the rest: "not allowed here")
        unsigned args;
        bool block;
        handler_fn handler;
    };
    static const std::vector<directive>& directives();

    void dispatch(const statement& st);
    void read_block(context inner);
    level& current_level();
    [[noreturn]] void duplicate(const statement& st) const;
    value_template compile(const std::string& text, const statement& st, bool log_format = false);
    // A location's, server name's, map key's, rewrite's or if's pattern; a
    // PCRE2 error is nginx's message at where.
    static regex compile_regex(const std::string& pattern, bool caseless, const source_location& where);
    // The same for a location, rewrite or if, whose named groups become
    // variables of the config, as in nginx (the runtime sets them on a match).
    regex compile_capturing(const std::string& pattern, bool caseless, const source_location& where);
    millis time_arg(const statement& st, std::size_t index = 1);
    bool flag_arg(const statement& st);
    std::string path_arg(const std::string& path) const;  // relative to the prefix
    template <class T>
    void set_once(std::optional<T>& slot, T value, const statement& st) {
        if (slot) duplicate(st);
        slot = std::move(value);
    }

    // main and events (loader.cpp)
    void on_worker_processes(const statement& st);
    void on_daemon(const statement& st);
    void on_pid(const statement& st);
    void on_error_log(const statement& st);
    void on_worker_shutdown_timeout(const statement& st);
    void on_worker_rlimit_nofile(const statement& st);
    void on_user(const statement& st);
    void on_events(const statement& st);
    void on_worker_connections(const statement& st);
    void on_multi_accept(const statement& st);
    void on_use(const statement& st);
    void on_accept_mutex(const statement& st);
    void on_http(const statement& st);

    // http level and settings shared by http/server/location (level_directives.cpp)
    void on_access_log(const statement& st);
    void on_log_format(const statement& st);
    void on_temp_path(const statement& st);
    void on_default_type(const statement& st);
    void on_types(const statement& st);
    void on_flag_setting(const statement& st);
    void on_keepalive_timeout(const statement& st);
    void on_send_timeout(const statement& st);
    void on_client_header_timeout(const statement& st);
    void on_large_client_header_buffers(const statement& st);
    void on_client_max_body_size(const statement& st);
    void on_proxy_set_header(const statement& st);
    void on_proxy_http_version(const statement& st);
    void on_add_header(const statement& st);
    void on_proxy_hide_or_pass_header(const statement& st);
    // try_files, root and index (try_files_directives.cpp)
    void on_try_files(const statement& st);
    void on_root(const statement& st);
    void on_index(const statement& st);
    void on_proxy_timeout(const statement& st);
    void on_proxy_next_upstream(const statement& st);
    void on_proxy_next_upstream_tries(const statement& st);
    void on_proxy_buffer_size(const statement& st);
    void on_proxy_redirect(const statement& st);

    // server and location (server_directives.cpp)
    void on_server(const statement& st);
    void on_listen(const statement& st);
    void on_server_name(const statement& st);
    void on_ssl_path(const statement& st);
    void on_ssl_protocols(const statement& st);
    void on_ssl_ciphers(const statement& st);
    void on_ssl_session_cache(const statement& st);
    void on_ssl_session_timeout(const statement& st);
    void on_location(const statement& st);
    void on_proxy_pass(const statement& st);
    void add_listen(listen_spec spec, std::size_t server, const statement* st);

    // directives nginx has that change nothing wsgate-proxy does, accepted
    // as nginx checks them (accepted_directives.cpp)
    void on_load_module(const statement& st);
    void on_hash_size(const statement& st);
    void on_body_filter(const statement& st);
    void on_upstream_keepalive(const statement& st);

    // ngx_http_rewrite_module (rewrite_directives.cpp)
    void on_return(const statement& st);
    void on_rewrite(const statement& st);
    void on_set(const statement& st);
    void on_break(const statement& st);
    void on_if(const statement& st);
    rewrite_condition parse_condition(const statement& st);
    // The list the next rewrite directive joins: the server's or the
    // location's, or the "if" block being read.
    rewrite_list& current_rewrites();
    // A directive nginx has and wsgate-proxy does not: noted, its block
    // skipped, and the reading goes on, so that every one is named at once.
    void refuse(const statement& st, const std::string& message);

    // upstream and map (upstream_directives.cpp)
    void on_upstream(const statement& st);
    void on_upstream_server(const statement& st);
    void set_balancing(upstream_block::method method, const statement& st);
    void on_least_conn(const statement& st);
    void on_ip_hash(const statement& st);
    void on_hash(const statement& st);
    void on_map(const statement& st);

    // after the http block (finish.cpp)
    void finish_http();
    void check_variables();
    proxy_pass_target resolve_proxy_pass(const statement& st);
    location_block build_location(const raw_location& raw, const level& server, const level& http);
    server_block build_server(const raw_server& raw);
    void check_server_names();
    void check_ssl(const std::vector<server_block>& servers);

    reader reader_;
    std::vector<config_error> refused_;
    std::string file_;
    std::string prefix_;
    std::string conf_prefix_;
    main_config config_;

    context context_ = main_ctx;
    bool seen_events_ = false;
    bool seen_http_ = false;
    std::optional<int> worker_processes_;
    std::optional<int> worker_connections_;
    std::optional<bool> daemon_;
    std::optional<std::string> pid_;
    std::optional<millis> worker_shutdown_timeout_;
    std::optional<int> worker_rlimit_nofile_;
    std::optional<bool> multi_accept_;
    std::optional<std::string> use_;
    std::optional<bool> accept_mutex_;
    bool user_seen_ = false;
    bool error_log_seen_ = false;

    level http_;
    std::vector<raw_server> servers_;
    std::vector<std::pair<std::string, std::size_t>> zone_sizes_;  // shared memory zones declared so far

    // Per entry of config_.addresses: whether a listen set socket options
    // (bind, backlog, reuseport) and whether one said default_server.
    struct address_state {
        bool options_set = false;
        bool has_default = false;
    };
    std::vector<address_state> address_states_;
    std::vector<variable_use> variables_;
    // Every "set" target and named capture: variables like the built-in ones.
    std::set<std::string> set_variables_;
    bool if_in_location_ = false;          // the "if" block being read is a location's
};

// Known nginx directives that wsgate-proxy refuses everywhere ("not supported"
// rather than "unknown directive").
bool is_unsupported_nginx_directive(std::string_view name);

}  // namespace wsgate::proxy::config::detail
