#include "request_reader.hpp"

#include "recording_parser.hpp"
#include "wsgate/chunked.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>

#include <string_view>

namespace wsgate::echo {

namespace {

namespace http = boost::beast::http;

constexpr auto nothrow = net::as_tuple(net::use_awaitable);
constexpr std::size_t body_read_size = 16 * 1024;

bool is_parse_error(const boost::system::error_code& ec) {
    return ec.category() == make_error_code(http::error::bad_method).category() &&
           ec != http::error::end_of_stream && ec != http::error::partial_message;
}

read_request refused(const boost::system::error_code& ec) {
    read_request out;
    out.result = read_request::outcome::refused;
    if (ec == http::error::header_limit) out.status = http::status::request_header_fields_too_large;
    if (ec == http::error::body_limit) out.status = http::status::payload_too_large;
    out.reason = ec.message();
    return out;
}

read_request refused(http::status status, std::string reason) {
    read_request out;
    out.result = read_request::outcome::refused;
    out.status = status;
    out.reason = std::move(reason);
    return out;
}

read_request from_error(const boost::system::error_code& ec) {
    if (is_parse_error(ec)) return refused(ec);
    read_request out;
    out.result = ec == http::error::end_of_stream ? read_request::outcome::ended : read_request::outcome::closed;
    return out;
}

// Decodes the chunked body behind a head into body, reading as needed.
net::awaitable<read_request> read_chunked(echo_stream& stream, boost::beast::flat_buffer& buffer,
                                          std::string& body) {
    http1::chunked_decoder decoder(request_body_limit);
    for (;;) {
        const auto data = buffer.data();
        buffer.consume(decoder.feed(std::string_view(static_cast<const char*>(data.data()), data.size()), &body));
        switch (decoder.state()) {
            case http1::chunked_decoder::status::done:
                co_return read_request{read_request::outcome::complete};
            case http1::chunked_decoder::status::invalid:
                co_return refused(http::status::bad_request, "invalid chunked body");
            case http1::chunked_decoder::status::too_large:
                co_return refused(http::status::payload_too_large, "chunked body over the body limit");
            case http1::chunked_decoder::status::need_more:
                break;
        }
        auto [ec, n] = co_await stream.async_read_some(buffer.prepare(body_read_size), nothrow);
        if (ec) co_return read_request{read_request::outcome::closed};
        buffer.commit(n);
    }
}

}  // namespace

net::awaitable<read_request> read_one_request(echo_stream& stream, boost::beast::flat_buffer& buffer,
                                              std::chrono::milliseconds timeout) {
    echo_stream::deadline limit(stream, timeout);
    recording_parser parser;
    parser.header_limit(request_header_limit);
    parser.body_limit(request_body_limit);
    auto [ec, n] = co_await http::async_read_header(stream, buffer, parser, nothrow);
    if (ec) co_return from_error(ec);

    if (parser.chunked()) {
        std::string body;
        auto out = co_await read_chunked(stream, buffer, body);
        if (out.result != read_request::outcome::complete) co_return out;
        out.info = parser.info();
        out.request = parser.release();
        out.request.body() = std::move(body);
        co_return out;
    }
    std::tie(ec, n) = co_await http::async_read(stream, buffer, parser, nothrow);
    if (ec) co_return from_error(ec);
    read_request out{read_request::outcome::complete};
    out.info = parser.info();
    out.request = parser.release();
    co_return out;
}

}  // namespace wsgate::echo
