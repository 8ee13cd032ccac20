#include "http_session.hpp"

#include "handshake.hpp"
#include "log.hpp"
#include "recording_parser.hpp"
#include "spawn.hpp"
#include "websocket_session.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

namespace wsgate::echo {

namespace {

constexpr auto nothrow = net::as_tuple(net::use_awaitable);
constexpr auto tls_handshake_timeout = std::chrono::seconds(10);
constexpr auto close_timeout = std::chrono::seconds(1);
// Generous limits: a proxy under test, not this backend, should be the one to refuse.
constexpr std::uint32_t header_limit = 64 * 1024;
constexpr std::uint64_t body_limit = 1024 * 1024;

bool is_parse_error(const boost::system::error_code& ec) {
    return ec.category() == make_error_code(http::error::bad_method).category() &&
           ec != http::error::end_of_stream && ec != http::error::partial_message;
}

http::status status_for(const boost::system::error_code& ec) {
    if (ec == http::error::header_limit) return http::status::request_header_fields_too_large;
    if (ec == http::error::body_limit) return http::status::payload_too_large;
    return http::status::bad_request;
}

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
        recording_parser parser;
        parser.header_limit(header_limit);
        parser.body_limit(body_limit);
        auto [ec, n] = co_await http::async_read(stream_, buffer_, parser, nothrow);
        if (ec == http::error::end_of_stream) co_return co_await stream_.shutdown(close_timeout);
        if (is_parse_error(ec)) co_return co_await reject(status_for(ec), ec.message());
        if (ec) co_return;

        auto info = parser.info();
        const auto request = parser.release();
        if (const auto delay = requested_delay(request.target())) {
            net::steady_timer timer(executor_, *delay);
            co_await timer.async_wait(nothrow);
        }
        auto answer = answer_request(request, info, peer_, context_.deflate);
        if (!answer.refusal.empty())
            log("handshake refused with " + std::to_string(answer.response.result_int()) + ": " +
                answer.refusal);
        auto [write_ec, written] = co_await http::async_write(stream_, answer.response, nothrow);
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
    auto [ec, n] = co_await http::async_write(stream_, res, nothrow);
    if (!ec) co_await stream_.shutdown(close_timeout);
}

}  // namespace wsgate::echo
