#include "server/session.hpp"

#include "http/upstream_request.hpp"
#include "server/special_response.hpp"
#include "server/tunnel.hpp"
#include "server/upstream.hpp"

#include "wsgate/chunked.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include <algorithm>
#include "wsgate/ascii.hpp"

namespace wsgate::proxy::server {

namespace {

using config::log_level;

std::optional<std::string> header_of(const std::vector<config::header_field>& headers, std::string_view name) {
    for (const auto& h : headers)
        if (ascii::iequals(h.name, name)) return h.value;
    return std::nullopt;
}

// HTTP/1.1 keeps the connection unless it says close; HTTP/1.0 only with keep-alive.
bool wants_keep_alive(const http::client_request& r) {
    const auto connection = header_of(r.headers, "Connection");
    if (r.version == 10) return connection && ascii::has_token(*connection, "keep-alive");
    return !(connection && ascii::has_token(*connection, "close"));
}

// Upstream response headers nginx does not pass to the client: hop-by-hop
// ones it handles itself and the ones proxy_hide_header hides by default.
bool hidden_from_client(std::string_view name) {
    for (const char* h : {"Connection", "Keep-Alive", "Transfer-Encoding", "Server", "Date", "X-Pad", "X-Accel-Expires",
                          "X-Accel-Redirect", "X-Accel-Limit-Rate", "X-Accel-Buffering", "X-Accel-Charset"})
        if (ascii::iequals(name, h)) return true;
    return false;
}

}  // namespace

session::session(proxy_context& ctx, const config::listen_address& address, client_stream stream, session_set& set)
    : ctx_(ctx),
      address_(address),
      client_(std::move(stream)),
      set_(set),
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
    parsed_request head;
    if (!co_await read_head(head, true)) co_return;
    log(log_level::info, "client sent plain HTTP request to HTTPS port while reading client request headers, client: " +
                             connection_.remote_addr + ", server: " + address_.text);
    co_await respond(497, {}, false, {}, nullptr);
}

asio::awaitable<bool> session::read_head(parsed_request& out, bool first) {
    const auto& server = ctx_.config.servers[server_index_];
    const head_limits limits{server.large_client_header_buffers_size,
                             server.large_client_header_buffers_number * server.large_client_header_buffers_size};
    const auto timeout = first ? server.client_header_timeout : server.keepalive_timeout;
    client_deadline_.arm(timeout, [this] { client_.close(); });
    while (true) {
        if (!buffer_.empty()) {
            idle_ = false;
            auto parsed = parse_request_head(buffer_, limits);
            if (auto* ok = std::get_if<parsed_request>(&parsed)) {
                client_deadline_.cancel();
                out = std::move(*ok);
                co_return true;
            }
            if (auto* bad = std::get_if<head_error>(&parsed)) {
                client_deadline_.cancel();
                log(log_level::info, bad->reason + " while reading client request line, client: " +
                                         connection_.remote_addr + ", server: " + address_.text);
                co_await respond(bad->status, {}, false, {}, nullptr);
                co_return false;
            }
        }
        if (stopping_ && buffer_.empty()) co_return false;
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
// The first read takes 1 KiB, as nginx's client_header_buffer_size (an
// upgrade request fits); later ones grow with what is kept, for bodies.
asio::awaitable<boost::system::error_code> session::read_more_from_client() {
    const auto kept = buffer_.size();
    const auto read_size = std::clamp<std::size_t>(kept, 1024, 16384);
    buffer_.resize(kept + read_size);
    auto [ec, n] = co_await client_.read_some(asio::buffer(buffer_.data() + kept, read_size));
    buffer_.resize(kept + n);
    co_return ec;
}

asio::awaitable<bool> session::respond(int status, const std::string& extra_headers, bool keep_alive,
                                       const std::string& request_line, const config::location_block* location) {
    const auto body = status == 101 ? std::string() : error_page(status);
    const int sent_status = status == 494 || status == 497 ? 400 : status;
    std::string head = "HTTP/1.1 " + std::to_string(sent_status) + " " + reason_phrase(sent_status) + "\r\n";
    head += "Server: wsgate-proxy\r\nDate: " + http_date() + "\r\nContent-Type: text/html\r\nContent-Length: " +
            std::to_string(body.size()) + "\r\n" + extra_headers;
    head += keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
    const bool ok = co_await write_client(head + body);
    if (location && location->access_log && !request_line.empty())
        ctx_.access.write(*location->access_log,
                          {connection_.remote_addr, request_line, sent_status, body.size(), {}, {}});
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
        idle_ = true;
        parsed_request head;
        if (!co_await read_head(head, first)) break;
        first = false;
        buffer_.erase(0, head.head_size);
        if (!co_await serve(head)) break;
    }
    client_.close();
}

asio::awaitable<bool> session::serve(const parsed_request& head) {
    const auto& request = head.request;
    const std::string request_line = request.method + " " + request.target + " HTTP/" +
                                     (request.version == 10 ? "1.0" : "1.1");
    auto inspected = http::inspect_request(request);
    if (auto* err = std::get_if<http::request_error>(&inspected)) {
        log(log_level::info, err->reason + ", client: " + connection_.remote_addr + ", server: " + address_.text +
                                 ", request: \"" + request_line + "\"");
        co_return co_await respond(err->status, {}, false, request_line,
                                   &ctx_.config.servers[server_index_].unmatched);
    }
    const auto& info = std::get<http::request_info>(inspected);
    http::sni_choice sni{server_index_, std::nullopt};
    if (client_.is_tls() && !connection_.sni.empty()) sni = http::choose_by_sni(address_, connection_.sni);
    server_index_ = http::choose_server(address_, client_.is_tls() ? &sni : nullptr, info.host);
    const auto& server = ctx_.config.servers[server_index_];
    const auto route = http::route(server, request, info, connection_);
    const bool keep_alive = wants_keep_alive(request);
    switch (route.what) {
        case http::route_result::action::redirect:
            co_return co_await respond(301, "Location: " + route.location_header + "\r\n", keep_alive, request_line,
                                       route.location);
        case http::route_result::action::too_large:
            log(log_level::error, "client intended to send too large body, client: " + connection_.remote_addr);
            co_return co_await respond(413, {}, false, request_line, route.location);
        case http::route_result::action::static_response:
            co_return co_await respond(route.status, {}, keep_alive, request_line, route.location);
        case http::route_result::action::proxy:
            co_return co_await proxy(head, info, server, route);
    }
    co_return false;
}

asio::awaitable<bool> session::proxy(const parsed_request& head, const http::request_info& info,
                                     const config::server_block& server, const http::route_result& route) {
    const auto& request = head.request;
    const auto& loc = *route.location;
    const std::string request_line = request.method + " " + request.target + " HTTP/" +
                                     (request.version == 10 ? "1.0" : "1.1");
    // The body is read in full before the upstream is asked, as nginx does
    // with proxy_request_buffering on; a chunked one is decoded and sent on
    // with Content-Length.
    std::string body;
    const auto read_more = [&]() -> asio::awaitable<bool> {
        client_deadline_.arm(server.client_header_timeout, [this] { client_.close(); });
        const auto ec = co_await read_more_from_client();
        client_deadline_.cancel();
        co_return !ec;
    };
    if (info.chunked) {
        const std::uint64_t limit = loc.client_max_body_size ? loc.client_max_body_size : UINT64_MAX;
        // One decoder across the reads: each byte is decoded once however
        // the body arrives, where decoding the whole buffer again after every
        // read would cost a slow sender's body size squared.
        http1::chunked_decoder decoder(limit);
        std::size_t decoded = 0;
        while (!decoder.done()) {
            decoded += decoder.feed(std::string_view(buffer_).substr(decoded), &body);
            if (decoder.state() == http1::chunked_decoder::status::invalid) {
                log(log_level::info, "client sent invalid chunked body, client: " + connection_.remote_addr);
                co_return co_await respond(400, {}, false, request_line, &loc);
            }
            if (decoder.state() == http1::chunked_decoder::status::too_large) {
                log(log_level::error, "client intended to send too large chunked body, client: " +
                                          connection_.remote_addr);
                co_return co_await respond(413, {}, false, request_line, &loc);
            }
            if (!decoder.done() && !co_await read_more()) co_return false;
        }
        buffer_.erase(0, decoded);
    } else if (info.content_length && *info.content_length > 0) {
        while (buffer_.size() < *info.content_length)
            if (!co_await read_more()) co_return false;
        body = buffer_.substr(0, *info.content_length);
        buffer_.erase(0, *info.content_length);
    }
    auto eval = http::make_eval_context(ctx_.config, request, info, connection_, server, loc, ctx_.hostname);
    eval.body_length = info.chunked ? std::optional<std::uint64_t>(body.size()) : info.content_length;
    const bool client_upgrade = header_of(info.headers, "Upgrade").has_value();
    upstream_request up{loc, http::build_upstream_request(loc, route.upstream_uri, eval), std::move(body),
                        route.upstream_uri,
                        ", client: " + connection_.remote_addr + ", server: " +
                            (server.server_names.empty() ? std::string() : server.server_names.front()) +
                            ", request: \"" + request_line + "\""};
    auto outcome = co_await exchange(ctx_, id_, up);
    if (auto* failure = std::get_if<upstream_failure>(&outcome))
        co_return co_await respond(failure->status, {}, wants_keep_alive(request), request_line, &loc);
    auto& reply = std::get<upstream_reply>(outcome);
    const auto& rh = reply.head;

    const bool upgrade = rh.status == 101 && client_upgrade;
    if (rh.status == 101 && !upgrade) {
        log(log_level::error, "upstream sent 101 to a request without Upgrade" + up.log_context);
        co_return co_await respond(502, {}, false, request_line, &loc);
    }
    // The response head as nginx's header filter writes it: status line,
    // Server, Date, then the upstream's headers in order, then Connection.
    std::string out = "HTTP/1.1 " + std::to_string(rh.status) + " " + rh.reason + "\r\nServer: wsgate-proxy\r\nDate: " +
                      http_date() + "\r\n";
    std::optional<std::uint64_t> content_length;
    bool chunked = false;
    for (const auto& h : rh.headers) {
        if (ascii::iequals(h.name, "Transfer-Encoding")) chunked = ascii::has_token(h.value, "chunked");
        if (hidden_from_client(h.name)) continue;
        if (ascii::iequals(h.name, "Content-Length")) content_length = std::strtoull(h.value.c_str(), nullptr, 10);
        std::string value = h.value;
        if (ascii::iequals(h.name, "Location") && loc.proxy_redirect)
            value = http::rewrite_upstream_location(loc, h.value, info, connection_);
        out += h.name + ": " + value + "\r\n";
    }
    if (upgrade) {
        out += "Connection: upgrade\r\n\r\n";
        if (!co_await write_client(out + reply.leftover)) co_return false;
        idle_ = false;
        auto stats = co_await run_tunnel(
            client_, reply.socket, std::move(buffer_),
            {loc.proxy_buffer_size, loc.proxy_read_timeout, loc.send_timeout, loc.proxy_send_timeout});
        if (stats.idle_timeout || stats.upstream_send_timeout)
            log(log_level::error, "upstream timed out (110: Connection timed out) while proxying upgraded connection" +
                                      up.log_context);
        if (stats.client_send_timeout)
            log(log_level::info, "client timed out (110: Connection timed out) while proxying upgraded connection" +
                                     up.log_context);
        if (loc.access_log)
            ctx_.access.write(*loc.access_log, {connection_.remote_addr, request_line, 101, stats.to_client,
                                                header_of(info.headers, "Referer").value_or(""),
                                                header_of(info.headers, "User-Agent").value_or("")});
        co_return false;
    }

    // An ordinary response: relayed with its body framing; keep-alive to the
    // client unless the body ends with the connection.
    const bool no_body = request.method == "HEAD" || rh.status < 200 || rh.status == 204 || rh.status == 304;
    const bool until_close = !no_body && !chunked && !content_length;
    bool keep_alive = wants_keep_alive(request) && !until_close && !stopping_;
    if (chunked && !no_body) out += "Transfer-Encoding: chunked\r\n";
    out += keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
    if (!co_await write_client(out)) co_return false;
    std::uint64_t sent = 0;
    std::string pending = std::move(reply.leftover);
    http1::chunked_decoder scanner;
    std::uint64_t remaining = content_length.value_or(0);
    std::vector<char> chunk(std::max<std::size_t>(loc.proxy_buffer_size, 4096));
    deadline upstream_deadline(reply.socket.get_executor());
    while (!no_body) {
        std::string_view piece = pending;
        if (chunked) piece = piece.substr(0, scanner.feed(piece));
        else if (content_length) piece = piece.substr(0, std::min<std::uint64_t>(remaining, piece.size()));
        if (!piece.empty()) {
            if (!co_await write_client(std::string(piece))) co_return false;
            sent += piece.size();
            if (content_length) remaining -= piece.size();
        }
        pending.clear();
        if (chunked && scanner.state() == http1::chunked_decoder::status::invalid) {
            log(log_level::error, "upstream sent invalid chunked response while reading upstream" + up.log_context);
            keep_alive = false;
            break;
        }
        if ((chunked && scanner.done()) || (content_length && remaining == 0)) break;
        upstream_deadline.arm(loc.proxy_read_timeout, [&reply] {
            boost::system::error_code ignored;
            reply.socket.close(ignored);
        });
        auto [ec, n] = co_await reply.socket.async_read_some(asio::buffer(chunk), nothrow);
        upstream_deadline.cancel();
        if (ec) {
            if (!until_close) {
                log(log_level::error, std::string(upstream_deadline.expired() ? "upstream timed out" :
                                                  "upstream prematurely closed connection") +
                                          " while reading upstream" + up.log_context);
                keep_alive = false;
            }
            break;
        }
        pending.assign(chunk.data(), n);
    }
    if (loc.access_log)
        ctx_.access.write(*loc.access_log, {connection_.remote_addr, request_line, rh.status, sent,
                                            header_of(info.headers, "Referer").value_or(""),
                                            header_of(info.headers, "User-Agent").value_or("")});
    co_return keep_alive;
}

}  // namespace wsgate::proxy::server
