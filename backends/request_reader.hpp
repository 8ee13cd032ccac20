// Reads one HTTP request from a connection: the head with Beast's parser
// (recording_parser, so the fields stay as received), a Content-Length body
// with Beast too, and a chunked body with the project's chunked decoder, so
// the backend takes chunked framing exactly as nginx does (a bare LF ends a
// chunk line) and a broken body is refused at once rather than waited on.
#pragma once

#include "echo_stream.hpp"
#include "introspection.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>

#include <chrono>
#include <string>

namespace wsgate::echo {

struct read_request {
    enum class outcome {
        complete,  // request and info hold the request
        closed,    // the peer closed, reset or let the deadline pass: nothing to answer
        ended,     // the peer closed cleanly between requests
        refused,   // malformed or too large: answer status with reason, then close
    };
    outcome result = outcome::closed;
    boost::beast::http::request<boost::beast::http::string_body> request;
    request_info info;
    boost::beast::http::status status = boost::beast::http::status::bad_request;
    std::string reason;
};

// Generous limits: a proxy under test, not this backend, should be the one to refuse.
inline constexpr std::uint32_t request_header_limit = 64 * 1024;
inline constexpr std::uint64_t request_body_limit = 1024 * 1024;

// Reads the next request within timeout (from the first byte waited for to
// the body's last), closing the connection when it passes.
net::awaitable<read_request> read_one_request(echo_stream& stream, boost::beast::flat_buffer& buffer,
                                              std::chrono::milliseconds timeout);

}  // namespace wsgate::echo
