#include "loader.hpp"

#include "builder.hpp"
#include "values.hpp"

#include "wsgate/ascii.hpp"

#include <unistd.h>

#include <algorithm>
#include <filesystem>

namespace wsgate::proxy::config {

namespace detail {

namespace {

bool arity_matches(unsigned rule, std::size_t count) {
    if (rule & flag) return count == 1;
    if (rule & one_more) return count >= 1;
    if (rule & two_more) return count >= 2;
    return count <= 7 && (rule & (1u << count)) != 0;
}

// The directives of the table that nginx also reads in a location's "if".
bool takes_in_location_if(std::string_view name) {
    static constexpr std::string_view names[] = {"proxy_pass", "add_header", "access_log", "root"};
    return std::find(std::begin(names), std::end(names), name) != std::end(names);
}

}  // namespace

builder::builder(std::string file, std::string prefix, std::string conf_prefix)
    : reader_(conf_prefix), file_(std::move(file)), prefix_(std::move(prefix)), conf_prefix_(std::move(conf_prefix)) {
    // nginx's predefined format.
    config_.log_formats.emplace(
        combined_format,
        log_format{compile_template("$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent "
                                    "\"$http_referer\" \"$http_user_agent\""),
                   log_format::escaping::standard});
}

const std::vector<builder::directive>& builder::directives() {
    constexpr unsigned hsl = http_ctx | server_ctx | location_ctx;
    constexpr unsigned hs = http_ctx | server_ctx;
    static const std::vector<directive> table{
        {"worker_processes", main_ctx, take1, false, &builder::on_worker_processes},
        {"daemon", main_ctx, flag, false, &builder::on_daemon},
        {"pid", main_ctx, take1, false, &builder::on_pid},
        {"error_log", main_ctx | hsl, one_more, false, &builder::on_error_log},
        {"load_module", main_ctx, take1, false, &builder::on_load_module},
        {"worker_shutdown_timeout", main_ctx, take1, false, &builder::on_worker_shutdown_timeout},
        {"worker_rlimit_nofile", main_ctx, take1, false, &builder::on_worker_rlimit_nofile},
        {"user", main_ctx, take12, false, &builder::on_user},
        {"events", main_ctx, no_args, true, &builder::on_events},
        {"http", main_ctx, no_args, true, &builder::on_http},

        {"worker_connections", events_ctx, take1, false, &builder::on_worker_connections},
        {"multi_accept", events_ctx, flag, false, &builder::on_multi_accept},
        {"use", events_ctx, take1, false, &builder::on_use},
        {"accept_mutex", events_ctx, flag, false, &builder::on_accept_mutex},

        {"access_log", hsl, one_more, false, &builder::on_access_log},
        {"log_format", http_ctx, two_more, false, &builder::on_log_format},
        {"client_body_temp_path", hsl, take1 | take2 | take3 | take4, false, &builder::on_temp_path},
        {"proxy_temp_path", hsl, take1 | take2 | take3 | take4, false, &builder::on_temp_path},
        {"fastcgi_temp_path", hsl, take1 | take2 | take3 | take4, false, &builder::on_temp_path},
        {"uwsgi_temp_path", hsl, take1 | take2 | take3 | take4, false, &builder::on_temp_path},
        {"scgi_temp_path", hsl, take1 | take2 | take3 | take4, false, &builder::on_temp_path},
        {"default_type", hsl, take1, false, &builder::on_default_type},
        {"types", hsl, no_args, true, &builder::on_types},
        {"sendfile", hsl, flag, false, &builder::on_flag_setting},
        {"tcp_nopush", hsl, flag, false, &builder::on_flag_setting},
        {"tcp_nodelay", hsl, flag, false, &builder::on_flag_setting},
        {"server_tokens", hsl, take1, false, &builder::on_flag_setting},
        {"keepalive_timeout", hsl, take12, false, &builder::on_keepalive_timeout},
        {"send_timeout", hsl, take1, false, &builder::on_send_timeout},
        {"client_header_timeout", hs, take1, false, &builder::on_client_header_timeout},
        {"large_client_header_buffers", hs, take2, false, &builder::on_large_client_header_buffers},
        {"client_max_body_size", hsl, take1, false, &builder::on_client_max_body_size},
        {"types_hash_max_size", hsl, take1, false, &builder::on_hash_size},
        {"types_hash_bucket_size", hsl, take1, false, &builder::on_hash_size},
        {"server_names_hash_max_size", http_ctx, take1, false, &builder::on_hash_size},
        {"server_names_hash_bucket_size", http_ctx, take1, false, &builder::on_hash_size},
        {"variables_hash_max_size", http_ctx, take1, false, &builder::on_hash_size},
        {"variables_hash_bucket_size", http_ctx, take1, false, &builder::on_hash_size},
        {"proxy_headers_hash_max_size", hsl, take1, false, &builder::on_hash_size},
        {"proxy_headers_hash_bucket_size", hsl, take1, false, &builder::on_hash_size},
        {"gzip", hsl, flag, false, &builder::on_body_filter},
        {"gzip_vary", hsl, flag, false, &builder::on_body_filter},
        {"gzip_comp_level", hsl, take1, false, &builder::on_body_filter},
        {"gzip_min_length", hsl, take1, false, &builder::on_body_filter},
        {"gzip_http_version", hsl, take1, false, &builder::on_body_filter},
        {"gzip_buffers", hsl, take2, false, &builder::on_body_filter},
        {"gzip_types", hsl, one_more, false, &builder::on_body_filter},
        {"gzip_proxied", hsl, one_more, false, &builder::on_body_filter},
        {"gzip_disable", hsl, one_more, false, &builder::on_body_filter},
        {"map", http_ctx, take2, true, &builder::on_map},
        {"upstream", http_ctx, take1, true, &builder::on_upstream},
        {"server", http_ctx, no_args, true, &builder::on_server},
        {"server", upstream_ctx, one_more, false, &builder::on_upstream_server},
        {"keepalive", upstream_ctx, take1, false, &builder::on_upstream_keepalive},
        {"least_conn", upstream_ctx, no_args, false, &builder::on_least_conn},
        {"ip_hash", upstream_ctx, no_args, false, &builder::on_ip_hash},
        {"hash", upstream_ctx, take12, false, &builder::on_hash},

        {"proxy_set_header", hsl, take2, false, &builder::on_proxy_set_header},
        {"add_header", hsl, take23, false, &builder::on_add_header},
        {"proxy_hide_header", hsl, take1, false, &builder::on_proxy_hide_or_pass_header},
        {"proxy_pass_header", hsl, take1, false, &builder::on_proxy_hide_or_pass_header},
        {"try_files", server_ctx | location_ctx, two_more, false, &builder::on_try_files},
        {"root", hsl, take1, false, &builder::on_root},
        {"index", hsl, one_more, false, &builder::on_index},
        {"proxy_http_version", hsl, take1, false, &builder::on_proxy_http_version},
        {"proxy_connect_timeout", hsl, take1, false, &builder::on_proxy_timeout},
        {"proxy_read_timeout", hsl, take1, false, &builder::on_proxy_timeout},
        {"proxy_send_timeout", hsl, take1, false, &builder::on_proxy_timeout},
        {"proxy_next_upstream_timeout", hsl, take1, false, &builder::on_proxy_timeout},
        {"proxy_next_upstream", hsl, one_more, false, &builder::on_proxy_next_upstream},
        {"proxy_next_upstream_tries", hsl, take1, false, &builder::on_proxy_next_upstream_tries},
        {"proxy_buffer_size", hsl, take1, false, &builder::on_proxy_buffer_size},
        {"proxy_buffering", hsl, flag, false, &builder::on_flag_setting},
        {"proxy_redirect", hsl, take12, false, &builder::on_proxy_redirect},

        {"listen", server_ctx, one_more, false, &builder::on_listen},
        {"server_name", server_ctx, one_more, false, &builder::on_server_name},
        {"ssl_certificate", hs, take1, false, &builder::on_ssl_path},
        {"ssl_certificate_key", hs, take1, false, &builder::on_ssl_path},
        {"ssl_session_timeout", hs, take1, false, &builder::on_ssl_session_timeout},
        {"ssl_session_cache", hs, take12, false, &builder::on_ssl_session_cache},
        {"ssl_session_tickets", hs, flag, false, &builder::on_flag_setting},
        {"ssl_protocols", hs, one_more, false, &builder::on_ssl_protocols},
        {"ssl_ciphers", hs, take1, false, &builder::on_ssl_ciphers},
        {"ssl_prefer_server_ciphers", hs, flag, false, &builder::on_flag_setting},
        {"return", server_ctx | location_ctx | if_ctx, take12, false, &builder::on_return},
        {"rewrite", server_ctx | location_ctx | if_ctx, take23, false, &builder::on_rewrite},
        {"set", server_ctx | location_ctx | if_ctx, take2, false, &builder::on_set},
        {"break", server_ctx | location_ctx | if_ctx, no_args, false, &builder::on_break},
        {"if", server_ctx | location_ctx, one_more, true, &builder::on_if},
        {"location", server_ctx | location_ctx, take12, true, &builder::on_location},
        {"proxy_pass", location_ctx, take1, false, &builder::on_proxy_pass},
    };
    return table;
}

void builder::dispatch(const statement& st) {
    bool known = false;

    // The checks and their order are ngx_conf_handler's: context, then ';'
    // versus '{', then the number of arguments.
    for (const auto& d : directives()) {
        if (d.name != st.name()) continue;
        known = true;
        if (!(d.contexts & context_)) continue;
        if (!d.block && st.opens_block)
            throw config_error("directive " + ascii::quoted(st.name()) + " is not terminated by \";\"", st.where);
        if (d.block && !st.opens_block)
            throw config_error("directive " + ascii::quoted(st.name()) + " has no opening \"{\"", st.where);
        if (!arity_matches(d.args, st.args.size() - 1))
            throw config_error("invalid number of arguments in " + ascii::quoted(st.name()) + " directive", st.where);
        (this->*d.handler)(st);
        return;
    }

    // nginx takes these in a location's "if" block too (NGX_HTTP_LIF_CONF);
    // wsgate-proxy runs only the rewrite module's directives there.
    if (known && context_ == if_ctx && if_in_location_ && takes_in_location_if(st.name()))
        return refuse(st, ascii::quoted(st.name()) + " inside \"if\" is not supported by wsgate-proxy");
    if (known) throw config_error(ascii::quoted(st.name()) + " directive is not allowed here", st.where);
    if (is_unsupported_nginx_directive(st.name()))
        return refuse(st, ascii::quoted(st.name()) + " directive is not supported by wsgate-proxy");
    throw config_error("unknown directive " + ascii::quoted(st.name()), st.where);
}

void builder::read_block(context inner) {
    const context outer = context_;
    context_ = inner;
    reader_.read_block([this](const statement& st) { dispatch(st); });
    context_ = outer;
}

level& builder::current_level() {
    switch (context_) {
        case server_ctx:
            return servers_.back().settings;
        case location_ctx:
            return servers_.back().locations.back().settings;
        default:
            return http_;
    }
}

void builder::duplicate(const statement& st) const {
    throw config_error(ascii::quoted(st.name()) + " directive is duplicate", st.where);
}

value_template builder::compile(const std::string& text, const statement& st, bool log_format) {
    value_template value;
    try {
        value = compile_template(text);
    } catch (const template_error& e) {
        // ngx_http_log_compile words a bad name differently from the script compiler.
        const std::string message = e.what();
        if (log_format && message == "invalid variable name")
            throw config_error("invalid parameter " + ascii::quoted(text.substr(text.rfind('$'))), st.where);
        throw config_error(message, st.where);
    }
    for (const auto& part : value.parts)
        if (part.is_variable) variables_.push_back({part.text, st.where, log_format});
    return value;
}

regex builder::compile_regex(const std::string& pattern, bool caseless, const source_location& where) {
    try {
        return regex(pattern, caseless);
    } catch (const std::invalid_argument& e) {
        throw config_error(e.what(), where);
    }
}

regex builder::compile_capturing(const std::string& pattern, bool caseless, const source_location& where) {
    auto compiled = compile_regex(pattern, caseless, where);
    for (const auto& [name, number] : compiled.names()) set_variables_.insert(ascii::lowercase(name));
    return compiled;
}

millis builder::time_arg(const statement& st, std::size_t index) {
    const auto ms = parse_time(st.args[index], false);
    if (!ms) throw config_error(ascii::quoted(st.name()) + " directive invalid value", st.where);
    return millis(*ms);
}

bool builder::flag_arg(const statement& st) {
    std::string value = st.args[1];
    value = ascii::lowercase(std::move(value));
    if (value == "on") return true;
    if (value == "off") return false;
    throw config_error(
        "invalid value " + ascii::quoted(st.args[1]) + " in " + ascii::quoted(st.name()) + " directive, it must be \"on\" or \"off\"",
        st.where);
}

std::string builder::path_arg(const std::string& path) const { return full_name(prefix_, path); }

main_config builder::run() {
    reader_.read_file(file_, [this](const statement& st) { dispatch(st); });
    if (!refused_.empty()) throw refused_directives(std::move(refused_));
    if (!seen_events_) throw config_error("no \"events\" section in configuration");

    config_.file = file_;
    config_.prefix = prefix_;
    config_.worker_processes = worker_processes_.value_or(1);
    config_.worker_connections = worker_connections_.value_or(default_worker_connections);
    config_.daemon = daemon_.value_or(true);
    config_.pid_path = path_arg(pid_.value_or("logs/nginx.pid"));
    config_.worker_shutdown_timeout = worker_shutdown_timeout_;
    config_.worker_rlimit_nofile = worker_rlimit_nofile_.value_or(0);
    config_.multi_accept = multi_accept_.value_or(false);
    return std::move(config_);
}

void builder::on_worker_processes(const statement& st) {
    if (worker_processes_) duplicate(st);
    if (st.args[1] == "auto") {
        worker_processes_ = 0;
        return;
    }
    // nginx also takes 0 (a master without workers); the model uses 0 for auto.
    const auto n = parse_number(st.args[1]);
    if (!n || *n == 0 || *n > max_int32_value) throw config_error("\"worker_processes\" directive invalid value", st.where);
    worker_processes_ = static_cast<int>(*n);
}

void builder::on_daemon(const statement& st) { set_once(daemon_, flag_arg(st), st); }

void builder::on_pid(const statement& st) { set_once(pid_, st.args[1], st); }

void builder::on_error_log(const statement& st) {
    if (context_ != main_ctx) {
        // The sandbox sends every error_log to the run's one log; elsewhere
        // wsgate-proxy still writes only the main one, and says so.
        config_.warnings.push_back(at("\"error_log\" below the main level writes to the main error log in "
                                      "wsgate-proxy",
                                      st.where));
        return;
    }
    if (error_log_seen_)
        throw config_error("multiple \"error_log\" directives are not supported by wsgate-proxy", st.where);
    error_log_seen_ = true;

    const std::string& target = st.args[1];
    if (target.rfind("memory:", 0) == 0 || target.rfind("syslog:", 0) == 0)
        throw config_error("error_log to " + ascii::quoted(target) + " is not supported by wsgate-proxy", st.where);
    config_.error_log_path = target == "stderr" ? std::string() : path_arg(target);

    static const std::vector<std::string> levels{"debug", "info", "notice", "warn", "error", "crit", "alert", "emerg"};
    bool level_set = false;
    for (std::size_t i = 2; i < st.args.size(); ++i) {
        const auto it = std::find(levels.begin(), levels.end(), st.args[i]);
        if (it == levels.end()) throw config_error("invalid log level " + ascii::quoted(st.args[i]), st.where);
        if (level_set) throw config_error("duplicate log level " + ascii::quoted(st.args[i]), st.where);
        level_set = true;
        config_.error_log_level = static_cast<log_level>(it - levels.begin());
    }
}

void builder::on_worker_shutdown_timeout(const statement& st) { set_once(worker_shutdown_timeout_, time_arg(st), st); }

void builder::on_worker_rlimit_nofile(const statement& st) {
    if (worker_rlimit_nofile_) duplicate(st);
    const auto n = parse_number(st.args[1]);
    if (!n || *n > max_int32_value) throw config_error("\"worker_rlimit_nofile\" directive invalid number", st.where);
    worker_rlimit_nofile_ = static_cast<int>(*n);
}

void builder::on_user(const statement& st) {
    if (user_seen_) duplicate(st);
    user_seen_ = true;
    // wsgate-proxy never changes its user; nginx itself ignores the directive
    // when it does not start as root, with this warning.
    if (::geteuid() != 0) {
        config_.warnings.push_back(
            at("the \"user\" directive makes sense only if the master process runs with "
               "super-user privileges, ignored",
               st.where));
    } else {
        config_.warnings.push_back(at("the \"user\" directive is not supported by wsgate-proxy, ignored", st.where));
    }
}

void builder::on_events(const statement& st) {
    if (seen_events_) duplicate(st);
    seen_events_ = true;
    read_block(events_ctx);
}

void builder::on_worker_connections(const statement& st) {
    if (worker_connections_) duplicate(st);
    const auto n = parse_number(st.args[1]);
    if (!n || *n > max_int32_value) throw config_error("invalid number " + ascii::quoted(st.args[1]), st.where);
    worker_connections_ = static_cast<int>(*n);
}

void builder::on_multi_accept(const statement& st) { set_once(multi_accept_, flag_arg(st), st); }

void builder::on_use(const statement& st) {
    if (use_) duplicate(st);
    // The runtime always uses epoll (through Asio); nginx on Linux also knows these.
    if (st.args[1] != "epoll" && st.args[1] != "poll" && st.args[1] != "select")
        throw config_error("invalid event type " + ascii::quoted(st.args[1]), st.where);
    use_ = st.args[1];
}

void builder::on_accept_mutex(const statement& st) { set_once(accept_mutex_, flag_arg(st), st); }

void builder::on_http(const statement& st) {
    if (seen_http_) duplicate(st);
    seen_http_ = true;
    read_block(http_ctx);
    finish_http();
}

}  // namespace detail

main_config load(const std::string& path, const std::string& prefix) {
    namespace fs = std::filesystem;
    // As nginx does with -p and -c: a relative file is under the prefix; the
    // folder of the file is the "conf prefix" for include and certificates.
    const std::string file = prefix.empty() ? path : full_name(prefix, path);
    std::string conf_prefix = fs::path(file).parent_path().string();
    if (conf_prefix.empty()) conf_prefix = ".";
    conf_prefix += '/';
    std::string effective_prefix = prefix.empty() ? conf_prefix : prefix;
    if (effective_prefix.back() != '/') effective_prefix += '/';

    detail::builder b(file, effective_prefix, conf_prefix);
    return b.run();
}

}  // namespace wsgate::proxy::config
