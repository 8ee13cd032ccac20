#include "server/session.hpp"

#include "http/added_headers.hpp"
#include "http/balancer.hpp"
#include "http/request_phases.hpp"
#include "http/response_header_filter.hpp"
#include "http/special_response.hpp"
#include "http/upstream_request.hpp"
#include "server/upstream.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include <algorithm>

namespace wsgate::proxy::server {

namespace {

using config::log_level;

// nginx's client_header_buffer_size: the first read of a request, which an
// upgrade request fits.
constexpr std::size_t first_read_size = 1024;
// Later reads grow with what is kept, up to one TLS record's plaintext (what
// one SSL_read returns at most).
constexpr std::size_t max_read_size = 16 * 1024;

}  // namespace

session::session(proxy_context& ctx, const config::listen_address& address, client_stream stream, session_set& set,
                 connection_slots& slots, connection_slot slot)
    : ctx_(ctx),
      address_(address),
      client_(std::move(stream)),
      set_(set),
      slots_(slots),
      slot_(std::move(slot)),
      server_index_(address.default_server),
      id_(ctx.next_connection++),
      client_deadline_(client_.socket().get_executor()) {
    boost::system::error_code ec;
    const auto local = client_.socket().local_endpoint(ec);
    const auto remote = client_.socket().remote_endpoint(ec);
    connection_.local_addr = local.address().to_string();
    connection_.local_port = local.port();
    connection_.remote_addr = remote.address().to_string();
    connection_.remote_port = remote.port();
    connection_.tls = client_.is_tls();
}

session::~session() { set_.remove(this); }

void session::start() {
    set_.add(this, weak_from_this());
    asio::co_spawn(client_.socket().get_executor(), [self = shared_from_this()] { return self->run(); },
                   asio::detached);
}

void session::stop() {
    stopping_ = true;
    client_.close();
}

void session::stop_when_idle() {
    stopping_ = true;
    if (idle_) client_.close();
}

void session::log(log_level level, const std::string& message) { ctx_.errors.write(level, id_, message); }

asio::awaitable<bool> session::write_client(const std::string& bytes) {
    const auto& loc = ctx_.config.servers[server_index_].unmatched;
    client_deadline_.arm(loc.send_timeout, [this] { client_.close(); });
    auto [ec, n] = co_await client_.write(asio::buffer(bytes));
    client_deadline_.cancel();
    co_return !ec;
}

asio::awaitable<bool> session::handshake_tls() {
    const auto& server = ctx_.config.servers[address_.default_server];
    client_deadline_.arm(server.client_header_timeout, [this] { client_.close(); });
    auto [ec] = co_await client_.tls().async_handshake(asio::ssl::stream_base::server, nothrow);
    client_deadline_.cancel();
    if (ec) {
        log(log_level::info, "SSL_do_handshake() failed (" + ec.message() + ") while SSL handshaking, client: " +
                                 connection_.remote_addr + ", server: " + address_.text);
        co_return false;
    }
    SSL* ssl = client_.tls().native_handle();
    connection_.tls_protocol = SSL_get_version(ssl);
    tls_cipher_ = SSL_get_cipher_name(ssl);
    tls_reused_ = SSL_session_reused(ssl) == 1;
    if (const char* name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name)) connection_.sni = name;
    server_index_ = tls_contexts::chosen_server(ssl, address_);
    co_return true;
}

asio::awaitable<std::optional<bool>> session::client_speaks_tls() {
    const auto& server = ctx_.config.servers[address_.default_server];
    client_deadline_.arm(server.client_header_timeout, [this] { client_.close(); });
    unsigned char first = 0;
    auto [ec, n] = co_await client_.socket().async_receive(asio::buffer(&first, 1), tcp::socket::message_peek, nothrow);
    client_deadline_.cancel();
    if (ec || n == 0) co_return std::nullopt;
    co_return first == 0x16 || (first & 0x80) != 0;
}

asio::awaitable<void> session::refuse_plain_http() {
    client_.drop_tls();
    connection_.tls = false;
    http::parsed_request head;
    if (!co_await read_head(head, true)) co_return;
    log(log_level::info, "client sent plain HTTP request to HTTPS port while reading client request headers, client: " +
                             connection_.remote_addr + ", server: " + address_.text);
    co_await respond(497, {}, false, {}, nullptr);
}

asio::awaitable<bool> session::read_head(http::parsed_request& out, bool first) {
    const auto& server = ctx_.config.servers[server_index_];
    const http::head_limits limits{server.large_client_header_buffers_size,
                             server.large_client_header_buffers_number * server.large_client_header_buffers_size};
    const auto timeout = first ? server.client_header_timeout : server.keepalive_timeout;
    client_deadline_.arm(timeout, [this] { client_.close(); });
    while (true) {
        if (!buffer_.empty()) {
            idle_ = false;
            if (request_.started == request_log::clock::time_point{}) request_.started = request_log::clock::now();
            auto parsed = http::parse_request_head(buffer_, limits);
            if (auto* ok = std::get_if<http::parsed_request>(&parsed)) {
                client_deadline_.cancel();
                out = std::move(*ok);
                co_return true;
            }
            if (auto* bad = std::get_if<http::head_error>(&parsed)) {
                client_deadline_.cancel();
                log(log_level::info, bad->reason + " while reading client request line, client: " +
                                         connection_.remote_addr + ", server: " + address_.text);
                co_await respond(bad->status, {}, false, {}, nullptr);
                co_return false;
            }
        }
        // A graceful stop ends a kept-alive connection between requests; a
        // new one still gets its first request read, as nginx's workers do.
        if (stopping_ && buffer_.empty() && !first) co_return false;
        if (const auto ec = co_await read_more_from_client()) {
            client_deadline_.cancel();
            // A request cut off by client_header_timeout gets 408 (nginx logs
            // it and closes without sending it when nothing arrived).
            if (client_deadline_.expired() && !buffer_.empty())
                log(log_level::info, "client timed out (110: Connection timed out) while reading client request "
                                     "headers, client: " + connection_.remote_addr + ", server: " + address_.text);
            co_return false;
        }
    }
}

// Reads onto the end of buffer_ itself: a connection waiting for its
// request holds no separate read buffer, so a thousand clients connecting
// at once do not touch 16 MiB of fresh memory before the first request.
// Reads grow from first_read_size with what is kept, for bodies.
asio::awaitable<boost::system::error_code> session::read_more_from_client() {
    const auto kept = buffer_.size();
    const auto read_size = std::clamp(kept, first_read_size, max_read_size);
    buffer_.resize(kept + read_size);
    auto [ec, n] = co_await client_.read_some(asio::buffer(buffer_.data() + kept, read_size));
    buffer_.resize(kept + n);
    co_return ec;
}

asio::awaitable<bool> session::respond(int status, const std::string& extra_headers, bool keep_alive,
                                       const std::string& request_line, const config::location_block* location,
                                       const config::eval_context* request) {
    // Named, not temporaries of the co_await: GCC 12 destroys a conditional
    // expression's temporary there twice.
    const std::string type = "text/html";
    const std::string body = status == 101 ? std::string() : http::error_page(status);
    co_return co_await respond_with(status, type, body, extra_headers, keep_alive, request_line, location, request);
}

asio::awaitable<bool> session::respond_with(int status, const std::string& content_type, const std::string& body,
                                            const std::string& extra_headers, bool keep_alive,
                                            const std::string& request_line, const config::location_block* location,
                                            const config::eval_context* request) {
    const int sent_status = status == 494 || status == 497 ? 400 : status;
    std::string head = "HTTP/1.1 " + std::to_string(sent_status) + " " + http::reason_phrase(sent_status) + "\r\n";
    head += "Server: wsgate-proxy\r\nDate: " + http::http_date() + "\r\nContent-Type: " + content_type +
            "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" + extra_headers;
    if (location && request) head += http::added_header_lines(*location, sent_status, *request);
    head += keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
    const bool ok = co_await write_client(head + body);
    if (!request_line.empty()) log_access(location, sent_status, body.size(), head.size() + body.size());
    co_return ok && keep_alive;
}

asio::awaitable<void> session::run() {
    if (client_.is_tls()) {
        // As ngx_http_ssl_handshake: the first byte tells a TLS record
        // (0x16) or an SSLv2 hello (high bit) from plain HTTP, which gets
        // 400 "The plain HTTP request was sent to HTTPS port".
        const auto tls = co_await client_speaks_tls();
        if (tls && !*tls) co_await refuse_plain_http();
        if (!tls || !*tls || !co_await handshake_tls()) co_return client_.close();
    }
    bool first = true;
    while (!stopping_) {
        idle_ = !first;
        request_ = request_log{.eval = http::connection_context(ctx_.config, connection_, ctx_.hostname),
                               .number = ++requests_,
                               .pipelined = !buffer_.empty()};
        http::parsed_request head;
        if (!co_await read_head(head, first)) break;
        first = false;
        buffer_.erase(0, head.head_size);
        request_.length = head.head_size;
        if (!co_await serve(head)) break;
    }
    client_.close();
}

void session::log_access(const config::location_block* location, int status, std::uint64_t body_bytes,
                         std::uint64_t bytes_sent) {
    if (!location || location->access_logs.empty()) return;
    const auto now = request_log::clock::now();
    const auto seconds = [](request_log::clock::duration d) { return std::chrono::duration<double>(d).count(); };
    config::log_values values;
    values.status = status;
    values.body_bytes_sent = body_bytes;
    values.bytes_sent = bytes_sent;
    values.now = std::chrono::system_clock::now();
    values.request_time = seconds(now - request_.started);
    values.request_length = request_.length;
    values.connection = id_;
    values.connection_requests = request_.number;
    values.pipelined = request_.pipelined;
    values.ssl_cipher = tls_cipher_;
    values.ssl_session_reused = tls_reused_;
    if (!request_.upstream_addr.empty()) {
        values.upstream_addr = request_.upstream_addr;
        values.upstream_status = request_.upstream_status;
        values.upstream_response_time = seconds(now - request_.upstream_started);
        if (request_.upstream_connect_time) values.upstream_connect_time = seconds(*request_.upstream_connect_time);
        if (request_.upstream_header_time) values.upstream_header_time = seconds(*request_.upstream_header_time);
    }
    auto eval = request_.eval;
    eval.log = &values;
    for (const auto& target : location->access_logs)
        ctx_.access.write(target.path, config::evaluate_log(ctx_.config.log_formats.at(target.format), eval) + "\n");
}

asio::awaitable<bool> session::serve(const http::parsed_request& head) {
    const auto& request = head.request;
    const std::string request_line = http::request_line(request);
    request_.eval.request_line = request_line;
    request_.eval.method = request.method;
    auto inspected = http::inspect_request(request);
    if (auto* err = std::get_if<http::request_error>(&inspected)) {
        log(log_level::info, err->reason + ", client: " + connection_.remote_addr + ", server: " + address_.text +
                                 ", request: \"" + request_line + "\"");
        co_return co_await respond(err->status, {}, false, request_line,
                                   &ctx_.config.servers[server_index_].unmatched);
    }
    // A copy: an internal redirect changes its URI.
    auto info = std::get<http::request_info>(inspected);
    http::sni_choice sni{server_index_, std::nullopt};
    if (client_.is_tls() && !connection_.sni.empty()) sni = http::choose_by_sni(address_, connection_.sni);
    server_index_ = http::choose_server(address_, client_.is_tls() ? &sni : nullptr, info.host);
    const auto& server = ctx_.config.servers[server_index_];
    const auto route = http::route_request(ctx_.config, server, request, info, connection_, ctx_.hostname);
    request_.eval =
        http::make_eval_context(ctx_.config, request, info, connection_, server, *route.location, ctx_.hostname);
    if (!route.error.empty())
        log(log_level::error, route.error + ", client: " + connection_.remote_addr + ", server: " + address_.text +
                                  ", request: \"" + request_line + "\"");
    const bool keep_alive = http::wants_keep_alive(request);
    if (route.what == http::route_result::action::proxy) co_return co_await proxy(head, info, server, route, request_line);
    const auto& eval = request_.eval;
    switch (route.what) {
        case http::route_result::action::redirect:
            co_return co_await respond(route.status, "Location: " + route.location_header + "\r\n", keep_alive,
                                       request_line, route.location, &eval);
        case http::route_result::action::too_large:
            log(log_level::error, "client intended to send too large body, client: " + connection_.remote_addr);
            co_return co_await respond(413, {}, false, request_line, route.location, &eval);
        case http::route_result::action::static_response:
            co_return co_await respond(route.status, {}, keep_alive && route.error.empty(), request_line,
                                       route.location, &eval);
        case http::route_result::action::returned:
            co_return co_await answer_return(info, route, request_line, keep_alive, eval);
        case http::route_result::action::proxy:
        case http::route_result::action::found:
        case http::route_result::action::internal_redirect:
        case http::route_result::action::named_redirect:
            break;
    }
    co_return false;
}

asio::awaitable<bool> session::answer_return(const http::request_info& info, const http::route_result& route,
                                             const std::string& request_line, bool keep_alive,
                                             const config::eval_context& request) {
    const auto& action = *route.returned;
    if (action.code == config::return_action::close_without_answer) co_return false;
    if (action.text) {
        const auto body = config::evaluate(*action.text, request);
        co_return co_await respond_with(action.code, route.location->default_type, body, {}, keep_alive, request_line,
                                        route.location, &request);
    }
    std::string headers;
    if (action.location) {
        auto target = config::evaluate(*action.location, request);
        // absolute_redirect on: a relative Location gets scheme, host and port.
        if (target.starts_with("/")) target = http::absolute_location(target, info, connection_);
        headers = "Location: " + target + "\r\n";
    }
    co_return co_await respond(action.code, headers, keep_alive, request_line, route.location, &request);
}

asio::awaitable<bool> session::proxy(const http::parsed_request& head, const http::request_info& info,
                                     const config::server_block& server, const http::route_result& route,
                                     const std::string& request_line) {
    const auto& request = head.request;
    const auto& loc = *route.location;
    auto body = co_await read_request_body(info, server, loc, request_line);
    if (!body) co_return false;
    request_.length += info.chunked ? body->size() : info.content_length.value_or(0);
    auto eval = http::make_eval_context(ctx_.config, request, info, connection_, server, loc, ctx_.hostname);
    eval.body_length = info.chunked ? std::optional<std::uint64_t>(body->size()) : info.content_length;
    const bool client_upgrade = http::header_of(info.headers, "Upgrade").has_value();
    upstream_request up{loc, http::build_upstream_request(loc, route.upstream_uri, eval), std::move(*body),
                        route.upstream_uri,
                        ", client: " + connection_.remote_addr + ", server: " +
                            (server.server_names.empty() ? std::string() : server.server_names.front()) +
                            ", request: \"" + request_line + "\""};
    if (const auto* group = loc.proxy_pass->upstream) up.balance_key = http::balance_key(*group, eval, connection_.remote_addr);
    up.slots = &slots_;
    request_.upstream_started = request_log::clock::now();
    auto outcome = co_await exchange(ctx_, id_, up);
    if (auto* failure = std::get_if<upstream_failure>(&outcome))
        co_return co_await respond(failure->status, {}, http::wants_keep_alive(request), request_line, &loc, &eval);
    auto& reply = std::get<upstream_reply>(outcome);
    const auto& rh = reply.head;
    request_.upstream_addr = reply.peer_name;
    request_.upstream_status = std::to_string(rh.status);
    request_.upstream_connect_time = reply.connect_time;
    request_.upstream_header_time = reply.header_time;

    const bool upgrade = rh.status == 101 && client_upgrade;
    if (rh.status == 101 && !upgrade) {
        log(log_level::error, "upstream sent 101 to a request without Upgrade" + up.log_context);
        co_return co_await respond(502, {}, false, request_line, &loc, &eval);
    }
    auto out = http::filter_response_head(rh, loc, info, connection_);
    out.text += http::added_header_lines(loc, rh.status, eval);
    if (upgrade) {
        co_await carry_upgraded(reply, out.text, loc, up.log_context);
        co_return false;
    }

    // An ordinary response: relayed with its body framing; keep-alive to the
    // client unless the body ends with the connection.
    const bool no_body = request.method == "HEAD" || rh.status < 200 || rh.status == 204 || rh.status == 304;
    const bool until_close = !no_body && !out.chunked && !out.content_length;
    bool keep_alive = http::wants_keep_alive(request) && !until_close && !stopping_;
    if (out.chunked && !no_body) out.text += "Transfer-Encoding: chunked\r\n";
    out.text += keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
    if (!co_await write_client(out.text)) co_return false;
    relay_outcome relayed;
    if (!no_body) relayed = co_await relay_body(reply, out, until_close, loc, up.log_context);
    log_access(&loc, rh.status, relayed.sent, out.text.size() + relayed.sent);
    co_return keep_alive && relayed.complete;
}

}  // namespace wsgate::proxy::server
