// nginx directives that wsgate-proxy knows but does not implement: a config
// that uses one is refused with "not supported" instead of "unknown".
#include "builder.hpp"

#include <algorithm>
#include <iterator>

namespace wsgate::proxy::config::detail {

namespace {

constexpr std::string_view nginx_directives[] = {
    // core and events
    "env", "include_once", "lock_file", "master_process", "pcre_jit", "thread_pool",
    "timer_resolution", "worker_cpu_affinity", "worker_priority", "working_directory", "ssl_engine",
    "accept_mutex_delay", "debug_connection", "worker_aio_requests", "stream", "mail",
    // http core
    "absolute_redirect", "aio", "alias", "chunked_transfer_encoding", "client_body_buffer_size",
    "client_body_in_file_only", "client_body_in_single_buffer", "client_body_timeout", "client_header_buffer_size",
    "connection_pool_size", "directio", "disable_symlinks", "error_page", "etag", "if_modified_since",
    "ignore_invalid_headers", "internal", "keepalive_disable", "keepalive_requests", "keepalive_time",
    "limit_except", "limit_rate", "limit_rate_after", "lingering_close", "lingering_time", "lingering_timeout",
    "log_not_found", "log_subrequest", "max_ranges", "merge_slashes", "msie_padding", "msie_refresh",
    "open_file_cache", "output_buffers", "port_in_redirect", "postpone_output", "read_ahead",
    "recursive_error_pages", "request_pool_size", "reset_timedout_connection", "resolver", "resolver_timeout",
    "satisfy", "send_lowat", "server_name_in_redirect", "subrequest_output_buffer_size",
    "underscores_in_headers", "autoindex", "http2",
    // rewrite, headers, access, auth, limits
    "rewrite_log", "uninitialized_variable_warn",
    "add_trailer", "expires", "allow", "deny", "auth_basic", "auth_basic_user_file", "auth_request", "limit_conn",
    "limit_conn_zone", "limit_req", "limit_req_zone", "real_ip_header", "set_real_ip_from", "geo", "split_clients",
    "charset", "sub_filter", "ssi", "stub_status", "open_log_file_cache",
    // proxy
    "proxy_bind", "proxy_busy_buffers_size", "proxy_buffers", "proxy_cache", "proxy_cache_key", "proxy_cache_path",
    "proxy_cache_valid", "proxy_cookie_domain", "proxy_cookie_path",
    "proxy_ignore_client_abort", "proxy_ignore_headers", "proxy_intercept_errors", "proxy_max_temp_file_size",
    "proxy_method", "proxy_pass_request_body", "proxy_pass_request_headers",
    "proxy_request_buffering", "proxy_set_body", "proxy_socket_keepalive", "proxy_ssl_server_name",
    "proxy_ssl_verify", "proxy_store", "proxy_temp_file_write_size",
    // other upstream handlers and upstream{} options
    "fastcgi_pass", "uwsgi_pass", "scgi_pass", "grpc_pass", "memcached_pass", "random", "zone",
    // TLS
    "ssl", "ssl_buffer_size", "ssl_client_certificate", "ssl_crl", "ssl_dhparam", "ssl_early_data",
    "ssl_ecdh_curve", "ssl_password_file", "ssl_reject_handshake", "ssl_session_ticket_key", "ssl_stapling",
    "ssl_verify_client", "ssl_verify_depth", "ssl_trusted_certificate", "ssl_conf_command"
};

}  // namespace

bool is_unsupported_nginx_directive(std::string_view name) {
    return std::ranges::find(nginx_directives, name) != std::end(nginx_directives);
}

}  // namespace wsgate::proxy::config::detail
