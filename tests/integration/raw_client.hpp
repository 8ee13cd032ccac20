// A WebSocket client made of a TCP socket and the shared frame codec, for
// what a library client will not do: exact handshakes, invalid frames,
// pipelined bytes. Every blocking call is bounded by a watchdog.
#pragma once

#include "wsgate/frame.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace wsgate::testing {

namespace http = boost::beast::http;

// Shuts a socket down when a test step hangs, so a blocked read returns
// (with EOF) instead of hanging the test.
class socket_watchdog {
public:
    socket_watchdog(int fd, std::chrono::milliseconds limit);
    ~socket_watchdog();
    socket_watchdog(const socket_watchdog&) = delete;
    socket_watchdog& operator=(const socket_watchdog&) = delete;

private:
    std::mutex mutex_;
    std::condition_variable done_;
    bool finished_ = false;
    std::thread thread_;
};

class raw_client {
public:
    explicit raw_client(std::uint16_t port, const std::string& host = "127.0.0.1");

    void write(std::string_view bytes);

    // "GET target" with the upgrade headers, extra_headers ("Name: value\r\n"
    // lines) after them; returns the response (frames behind it are kept).
    http::response<http::string_body> handshake(std::string_view target = "/",
                                                std::string_view extra_headers = "");
    http::response<http::string_body> read_response();

    // Masked with a fresh key unless h.masked is false.
    void send(ws::frame_header h, std::string_view payload);
    void send_text(std::string_view text);

    // Throws std::runtime_error when the connection ends first.
    ws::frame read_frame();
    std::string read_text();

    // Reads until the connection ends and returns why: eof for a FIN,
    // connection_reset for a reset.
    boost::system::error_code read_until_closed();
    bool nothing_arrives_within(std::chrono::milliseconds wait);

private:
    boost::asio::io_context ioc_;
    boost::asio::ip::tcp::socket socket_;
    boost::beast::flat_buffer buffer_;
    ws::frame_reader reader_;
    std::unique_ptr<socket_watchdog> watchdog_;
};

// Frame header with the given opcode and FIN, masked as client frames must be.
ws::frame_header client_frame(std::uint8_t opcode, bool fin = true);

}  // namespace wsgate::testing
