#include "http_session.hpp"

#include "handshake.hpp"
#include "log.hpp"
#include "request_reader.hpp"
#include "spawn.hpp"
#include "websocket_session.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

namespace wsgate::echo {

namespace {

constexpr auto nothrow = net::as_tuple(net::use_awaitable);
constexpr auto tls_handshake_timeout = std::chrono::seconds(10);
constexpr auto close_timeout = std::chrono::seconds(1);
// nginx's client_header_timeout and client_body_timeout together: a peer that
// sends a request this slowly (or holds an idle connection this long) is dropped.
constexpr auto request_timeout = std::chrono::seconds(60);
// nginx's send_timeout: a peer that does not take an answer within it is dropped.
constexpr auto send_timeout = std::chrono::seconds(60);

peer_info describe_peer(echo_stream& stream, const std::string& backend) {
    boost::system::error_code ec;
    const auto remote = stream.socket().remote_endpoint(ec);
    return {backend, ec ? std::string("unknown") : remote.address().to_string(),
            ec ? std::uint16_t{0} : remote.port()};
}

}  // namespace

http_session::http_session(echo_stream stream, const listener_context& context)
    : stream_(std::move(stream)),
      executor_(stream_.get_executor()),
      context_(context),
      peer_(describe_peer(stream_, context.id)) {}

http_session::~http_session() { context_.registry->remove(registry_key_); }

void http_session::start() {
    registry_key_ = context_.registry->add(weak_from_this());
    spawn(executor_, [self = shared_from_this()] { return self->run(); });
}

void http_session::stop() {
    net::post(executor_, [self = shared_from_this()] {
        if (self->handed_over_) return;
        boost::system::error_code ignored;
        self->stream_.socket().close(ignored);
    });
}

void http_session::log(std::string_view what) const { log_line(peer_.label() + ": " + std::string(what)); }

net::awaitable<void> http_session::run() {
    if (auto ec = co_await stream_.handshake(tls_handshake_timeout)) {
        log("TLS handshake failed: " + ec.message());
        co_return;
    }
    for (;;) {
        auto next = co_await read_one_request(stream_, buffer_, request_timeout);
        using outcome = read_request::outcome;
        if (next.result == outcome::ended) co_return co_await stream_.shutdown(close_timeout);
        if (next.result == outcome::refused) co_return co_await reject(next.status, next.reason);
        if (next.result == outcome::closed) co_return;

        auto info = std::move(next.info);
        const auto request = std::move(next.request);
        if (const auto delay = requested_delay(request.target())) {
            net::steady_timer timer(executor_, *delay);
            co_await timer.async_wait(nothrow);
        }
        auto answer = answer_request(request, info, peer_, context_.deflate);
        if (!answer.refusal.empty())
            log("handshake refused with " + std::to_string(answer.response.result_int()) + ": " +
                answer.refusal);
        auto [write_ec, written] = co_await write_within(answer.response, send_timeout);
        if (write_ec) co_return;
        if (answer.upgrade) {
            handed_over_ = true;
            const auto pending = buffer_.data();
            std::make_shared<websocket_session>(
                std::move(stream_),
                std::string_view(static_cast<const char*>(pending.data()), pending.size()), context_, peer_,
                std::move(info), answer.deflate)
                ->start();
            co_return;
        }
        if (!answer.response.keep_alive()) co_return co_await stream_.shutdown(close_timeout);
    }
}

net::awaitable<void> http_session::reject(http::status status, std::string_view reason) {
    log("malformed request, answering " + std::to_string(static_cast<unsigned>(status)) + ": " +
        std::string(reason));
    http::response<http::string_body> res{status, 11};
    res.set(http::field::content_type, "text/plain");
    res.keep_alive(false);
    res.body() = std::string(reason) + "\n";
    res.prepare_payload();
    auto [ec, n] = co_await write_within(res, send_timeout);
    if (!ec) co_await stream_.shutdown(close_timeout);
}

net::awaitable<std::tuple<boost::system::error_code, std::size_t>> http_session::write_within(
    const http::response<http::string_body>& response, std::chrono::milliseconds timeout) {
    echo_stream::deadline limit(stream_, timeout);
    co_return co_await http::async_write(stream_, response, nothrow);
}

}  // namespace wsgate::echo
