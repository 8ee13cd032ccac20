#include "raw_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/read.hpp>

#include <poll.h>
#include <sys/socket.h>

#include <stdexcept>

namespace wsgate::testing {

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {
constexpr auto client_time_limit = std::chrono::seconds(30);
}

socket_watchdog::socket_watchdog(int fd, std::chrono::milliseconds limit)
    : thread_([this, fd, limit] {
          std::unique_lock lock(mutex_);
          if (!done_.wait_for(lock, limit, [this] { return finished_; })) ::shutdown(fd, SHUT_RDWR);
      }) {}

socket_watchdog::~socket_watchdog() {
    {
        std::lock_guard lock(mutex_);
        finished_ = true;
    }
    done_.notify_all();
    thread_.join();
}

raw_client::raw_client(std::uint16_t port, const std::string& host)
    : socket_(ioc_), reader_(ws::role::client, std::uint64_t{1} << 32) {
    socket_.connect({net::ip::make_address(host), port});
    watchdog_ = std::make_unique<socket_watchdog>(socket_.native_handle(), client_time_limit);
}

void raw_client::write(std::string_view bytes) {
    net::write(socket_, net::buffer(bytes.data(), bytes.size()));
}

http::response<http::string_body> raw_client::handshake(std::string_view target,
                                                        std::string_view extra_headers) {
    write("GET " + std::string(target) +
          " HTTP/1.1\r\nHost: api.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" +
          std::string(extra_headers) + "\r\n");
    return read_response();
}

http::response<http::string_body> raw_client::read_response() {
    http::response_parser<http::string_body> parser;
    http::read(socket_, buffer_, parser);
    if (parser.get().result() != http::status::switching_protocols) return parser.release();
    if (parser.get()[http::field::sec_websocket_extensions].find("permessage-deflate") != std::string::npos)
        reader_.set_rsv1_allowed(true);
    // Frames that came right behind the 101.
    const auto rest = buffer_.data();
    reader_.feed(rest.data(), rest.size());
    buffer_.consume(buffer_.size());
    return parser.release();
}

void raw_client::send(ws::frame_header h, std::string_view payload) {
    if (h.masked) h.mask = ws::random_mask();
    write(ws::encode_frame(h, payload));
}

void raw_client::send_text(std::string_view text) { send(client_frame(ws::op::text), text); }

ws::frame raw_client::read_frame() {
    char chunk[65536];
    for (;;) {
        if (auto f = reader_.next()) return std::move(*f);
        if (reader_.error() != ws::violation::none)
            throw std::runtime_error("invalid frame from the backend: " +
                                     std::string(ws::describe(reader_.error())));
        boost::system::error_code ec;
        const auto n = socket_.read_some(net::buffer(chunk), ec);
        if (ec) throw std::runtime_error("connection ended while waiting for a frame: " + ec.message());
        reader_.feed(chunk, n);
    }
}

std::string raw_client::read_text() {
    auto f = read_frame();
    if (f.header.opcode != ws::op::text)
        throw std::runtime_error("expected a text frame, got opcode " + std::to_string(f.header.opcode));
    return f.payload;
}

boost::system::error_code raw_client::read_until_closed() {
    char chunk[65536];
    boost::system::error_code ec;
    while (!ec) socket_.read_some(net::buffer(chunk), ec);
    return ec;
}

bool raw_client::nothing_arrives_within(std::chrono::milliseconds wait) {
    if (reader_.buffered() > 0) return false;
    pollfd p{socket_.native_handle(), POLLIN, 0};
    return ::poll(&p, 1, static_cast<int>(wait.count())) == 0;
}

ws::frame_header client_frame(std::uint8_t opcode, bool fin) {
    ws::frame_header h;
    h.opcode = opcode;
    h.fin = fin;
    h.masked = true;
    return h;
}

}  // namespace wsgate::testing
