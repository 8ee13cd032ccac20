// The parsed nginx configuration as the reference proxy runs it: one struct
// per nginx context, with inheritance already applied, so the runtime never
// looks at directives again.
#pragma once

#include "config/regex.hpp"
#include "config/rewrite_model.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wsgate::proxy::config {

using millis = std::chrono::milliseconds;

// What nginx takes where no level of the configuration sets a value (the
// model's members start with these, and the merge of levels falls back on them).
// proxy_connect/read/send_timeout, send_timeout, client_header_timeout: nginx's 60s.
inline constexpr millis default_timeout{60'000};
// keepalive_timeout: nginx's 75s.
inline constexpr millis default_keepalive_timeout{75'000};
// proxy_buffer_size: nginx's default of one memory page.
inline constexpr std::size_t default_proxy_buffer_size = 4096;
// client_max_body_size: nginx's 1m.
inline constexpr std::uint64_t default_client_max_body_size = 1024 * 1024;
// proxy_http_version: nginx speaks HTTP/1.0 to upstreams unless told 1.1.
inline constexpr int default_proxy_http_version = 10;
// listen's backlog: NGX_LISTEN_BACKLOG, nginx's on Linux.
inline constexpr int default_listen_backlog = 511;
// worker_connections: nginx's 512.
inline constexpr int default_worker_connections = 512;
// large_client_header_buffers: nginx's "4 8k".
inline constexpr int default_header_buffers = 4;
inline constexpr std::size_t default_header_buffer_size = 8192;

struct header_directive {
    std::string name;      // as written (case kept)
    value_template value;  // an empty result removes the header
};

// map $source $target { default X; "" Y; value Z; ~regex W; }. Exact keys
// are stored lowercase: nginx matches them without regard to case.
struct map_block {
    std::string source_variable;  // without '$'; empty when the source is not a single variable
    std::string target_variable;  // without '$'
    value_template default_value;
    std::map<std::string, value_template> entries;
    std::vector<std::pair<config::regex, value_template>> regex_entries;  // "~" and "~*" keys, tried in order
    bool hostnames = false;
    source_location where;
    value_template source;        // the source as written ("$http_upgrade", "$host:$server_port")
};

struct upstream_server {
    std::string host;  // literal address as written
    std::uint16_t port = 80;
    int weight = 1;
    int max_fails = 1;
    millis fail_timeout{10'000};
    bool down = false;
    bool backup = false;
    source_location where;
    std::string address;  // the IP address to connect to ("localhost" -> "127.0.0.1"; IPv6 without brackets)
    std::string name;     // the server as written ("127.0.0.1:8010"), nginx's peer name
};

struct upstream_block {
    // round_robin: ngx_http_upstream_round_robin.c; least_conn: the peer with
    // the fewest active connections for its weight, ties by round-robin;
    // ip_hash, hash and consistent_hash: ngx_http_upstream_ip_hash_module.c
    // and ngx_http_upstream_hash_module.c.
    enum class method { round_robin, least_conn, ip_hash, hash, consistent_hash };
    std::string name;
    std::vector<upstream_server> servers;
    method balancing = method::round_robin;
    std::optional<value_template> hash_key;  // "hash KEY [consistent]"
    source_location where;
};

// proxy_pass http://HOST[:PORT][URI] or http://UPSTREAM[URI]
struct proxy_pass_target {
    std::string scheme = "http";
    std::string host;               // address or upstream name as written
    std::uint16_t port = 80;        // explicit or the scheme's default
    bool has_port = false;
    std::optional<std::string> uri; // present when proxy_pass has a URI part (even "/")
    const upstream_block* upstream = nullptr;  // set when host names an upstream block
    std::string proxy_host;         // $proxy_host: "host:port", or the upstream name
    std::string proxy_port;         // $proxy_port: the port as written, or "80"
    std::string address;            // upstream == nullptr: the IP address to connect to
    std::string url;                // the proxy_pass argument as written (default proxy_redirect)
};

enum class next_upstream_flag : unsigned {
    error = 1u << 0,
    timeout = 1u << 1,
    invalid_header = 1u << 2,
    http_500 = 1u << 3,
    http_502 = 1u << 4,
    http_503 = 1u << 5,
    http_504 = 1u << 6,
    http_403 = 1u << 7,
    http_404 = 1u << 8,
    http_429 = 1u << 9,
    non_idempotent = 1u << 10,
    // NGX_HTTP_UPSTREAM_FT_OFF: "off" at any level; merging the levels clears every flag.
    off = 1u << 31,
};

// try_files (ngx_http_core_try_files_phase) as it ends when none of its
// files exists, which is always: wsgate-proxy serves no files.
struct try_files_fallback {
    std::optional<int> code;            // "=404": that answer
    std::optional<value_template> uri;  // "/index.php?$args": an internal redirect
    std::string named;                  // "@app": that named location, with the request's own URI
    source_location where;
};

// add_header NAME VALUE [always] (ngx_http_headers_filter_module).
struct added_header {
    std::string name;
    value_template value;
    bool always = false;  // also on statuses that are not 2xx or redirects (a 101, an error page)
};

// nginx's predefined log format, the one access_log uses without a name.
inline constexpr std::string_view combined_format = "combined";

// log_format NAME [escape=default|json|none] STRING...: the strings joined.
struct log_format {
    enum class escaping { standard, json, none };
    value_template line;
    escaping escape = escaping::standard;
};

// access_log PATH [FORMAT]: one access log of a level.
struct access_log_target {
    std::string path;
    std::string format;  // a key of main_config::log_formats
};

struct location_block {
    enum class match { prefix, exact, prefix_no_regex, regex, named };
    match kind = match::prefix;
    std::string path;                    // for a regex location, the pattern as written
    std::optional<config::regex> regex;  // "~" and "~*" locations
    std::optional<try_files_fallback> try_files;  // the location's own (a server's serves only unmatched)
    std::optional<proxy_pass_target> proxy_pass;  // nullopt: nginx's static handler (404/405 here)
    int proxy_http_version = default_proxy_http_version;  // 10 or 11
    std::vector<header_directive> set_headers;  // effective list after inheritance
    std::vector<added_header> add_headers;      // effective list after inheritance
    std::vector<std::string> hide_headers;      // proxy_hide_header, effective list after inheritance
    std::vector<std::string> pass_headers;      // proxy_pass_header, effective list after inheritance
    std::string default_type = "text/plain";    // nginx's built-in default; Debian's nginx.conf sets application/octet-stream
    millis proxy_connect_timeout{default_timeout};
    millis proxy_read_timeout{default_timeout};
    millis proxy_send_timeout{default_timeout};
    millis send_timeout{default_timeout};
    unsigned next_upstream = static_cast<unsigned>(next_upstream_flag::error) |
                             static_cast<unsigned>(next_upstream_flag::timeout);
    int next_upstream_tries = 0;                // 0: unlimited
    millis next_upstream_timeout{0};            // 0: unlimited
    std::size_t proxy_buffer_size = default_proxy_buffer_size;
    std::vector<access_log_target> access_logs;  // the innermost level's; empty: "off"
    rewrite_list rewrites;                      // not inherited: a location's own rewrite phase
    source_location where;

    // Added for nginx semantics the runtime needs.
    // What nginx sends: set_headers, then the defaults they do not override
    // (see http/upstream_request.hpp); their names keep the client's out.
    std::vector<header_directive> upstream_headers;
    bool auto_redirect = false;          // proxy_pass in a location whose path ends in '/': "/ws" gets 301 to "/ws/"
    bool proxy_redirect = true;          // "proxy_redirect default" (rewrites upstream Location headers)
    bool proxy_buffering = true;         // accepted; a tunnel never buffers
    millis keepalive_timeout{default_keepalive_timeout};
    bool server_tokens = true;           // "Server: nginx/1.22.1" vs "Server: nginx"
    bool tcp_nodelay = true;
    std::uint64_t client_max_body_size = default_client_max_body_size;  // 0: unlimited; larger bodies get 413
};

enum class session_cache_mode { none, off, builtin, shared };

struct ssl_settings {
    std::string certificate;
    std::string certificate_key;
    std::vector<std::string> protocols{"TLSv1", "TLSv1.1", "TLSv1.2"};  // nginx 1.22 default (TLSv1.3 only from 1.23.4)
    std::string ciphers = "HIGH:!aNULL:!MD5";
    bool prefer_server_ciphers = false;
    session_cache_mode session_cache = session_cache_mode::none;
    std::size_t session_cache_size = 0;  // sessions, as nginx sizes them
    millis session_timeout{300'000};
    bool session_tickets = true;
    std::string session_cache_zone;      // shared: the zone name ("SSL")
    std::size_t session_cache_bytes = 0; // shared: the zone size in bytes
};

struct listen_spec {
    std::string address = "0.0.0.0";
    std::uint16_t port = 80;
    bool ssl = false;
    bool default_server = false;
    source_location where;
    bool reuseport = false;
    bool bind = false;   // "bind" (implied by reuseport): its own socket even when a wildcard listens on the port
    int backlog = default_listen_backlog;
};

struct server_block {
    std::vector<listen_spec> listens;
    std::vector<std::string> server_names;  // first is $server_name
    std::vector<config::regex> name_regexes;  // its "~" names compiled, in order
    ssl_settings ssl;
    millis client_header_timeout{default_timeout};
    int large_client_header_buffers_number = default_header_buffers;
    std::size_t large_client_header_buffers_size = default_header_buffer_size;
    millis keepalive_timeout{default_keepalive_timeout};
    std::vector<location_block> locations;
    // The server rewrite phase: runs for every request, before any location.
    rewrite_list rewrites;
    source_location where;

    // The server{} level settings, used for requests that match no location
    // (nginx answers them with its static handler: 404 here).
    location_block unmatched;
};

// One address:port that servers listen on, grouped the way nginx groups them
// (ngx_http_add_addresses): a connection accepted there is served by these
// servers only, TLS is on when any listen of the address says "ssl".
struct listen_address {
    std::string address;        // "0.0.0.0", "127.0.0.1", "::", "::1"
    std::uint16_t port = 80;
    std::string text;           // "127.0.0.1:8080", "[::1]:8080": nginx's addr_text
    bool wildcard = false;      // 0.0.0.0 or ::
    bool ssl = false;
    bool bind = false;          // own socket: a wildcard, bind/reuseport/backlog, or no wildcard on the port
    bool reuseport = false;
    int backlog = default_listen_backlog;
    std::size_t default_server = 0;    // index into main_config::servers
    std::vector<std::size_t> servers;  // indices, in config order
    // server_name as written (lowercase) -> server index, conflicts resolved as
    // nginx does (the first server keeps the name). Empty when one server
    // listens here: nginx then builds no name table and that server gets
    // every request.
    std::map<std::string, std::size_t> names;
    // "~" server names, tried in config order after the exact and wildcard ones.
    std::vector<std::pair<config::regex, std::size_t>> regex_names;
};

enum class log_level { debug, info, notice, warn, error, crit, alert, emerg };

// Holds pointers into its own upstreams (proxy_pass_target::upstream): move
// it, never copy it.
struct main_config {
    int worker_processes = 1;  // 0 means auto (one per core)
    int worker_connections = default_worker_connections;
    std::string error_log_path;  // empty: stderr
    log_level error_log_level = log_level::error;
    std::string pid_path;
    std::optional<millis> worker_shutdown_timeout;
    std::vector<map_block> maps;
    std::map<std::string, log_format> log_formats;  // by name as written; "combined" always there
    std::vector<upstream_block> upstreams;  // stable addresses: proxy_pass points into it
    std::vector<server_block> servers;
    std::string file;  // the main config file

    // Added for nginx semantics the runtime needs.
    std::string prefix;                     // nginx's -p: relative pid/log paths resolve against it
    bool daemon = true;                     // the runtime stays in the foreground either way
    bool multi_accept = false;
    int worker_rlimit_nofile = 0;           // 0: not set
    std::vector<listen_address> addresses;  // sockets and server groups, see listen_address
    std::vector<std::string> warnings;      // what "nginx -t" prints as [warn], in order
};

}  // namespace wsgate::proxy::config
