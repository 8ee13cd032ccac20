// What the wsgate-echo integration tests share: a Beast WebSocket client,
// raw DEFLATE for compressed frames, waiting for a log line, a plain GET.
#pragma once

#include "echo_process.hpp"
#include "paths.hpp"
#include "raw_client.hpp"
#include "wsgate/tls.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <boost/json/parse.hpp>

#include <gtest/gtest.h>
#include <zlib.h>

#include <signal.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <thread>


namespace wsgate::testing {

namespace ws = wsgate::ws;
namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace json = boost::json;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;

inline constexpr auto client_time_limit = 30s;

// A Beast WebSocket client on 127.0.0.1:port.
struct beast_client {
    explicit beast_client(std::uint16_t port, bool deflate = false) {
        ws.next_layer().connect({net::ip::make_address("127.0.0.1"), port});
        watchdog = std::make_unique<socket_watchdog>(ws.next_layer().native_handle(), client_time_limit);
        if (deflate) {
            websocket::permessage_deflate pmd;
            pmd.client_enable = true;
            ws.set_option(pmd);
        }
        ws.handshake(response, "api.example.com", "/");
    }

    std::string exchange(std::string_view message, bool binary = false) {
        ws.binary(binary);
        ws.write(net::buffer(message.data(), message.size()));
        beast::flat_buffer buffer;
        ws.read(buffer);
        return beast::buffers_to_string(buffer.data());
    }

    net::io_context ioc;
    websocket::stream<tcp::socket> ws{ioc};
    websocket::response_type response;
    std::unique_ptr<socket_watchdog> watchdog;
};

inline std::uint16_t port_of(const std::string& ready_entry) {
    const auto colon = ready_entry.rfind(':');
    return static_cast<std::uint16_t>(std::stoul(ready_entry.substr(colon + 1)));
}

// Raw DEFLATE of one message without the final 00 00 FF FF (RFC 7692 §7.2.1).
inline std::string deflate_message(std::string_view text) {
    z_stream z{};
    deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
    std::string out(text.size() + 64, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    z.avail_in = static_cast<uInt>(text.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_SYNC_FLUSH);
    out.resize(out.size() - z.avail_out - 4);
    deflateEnd(&z);
    return out;
}

inline bool log_contains(const echo_process& backend, const std::string& text) {
    for (int i = 0; i < 100; ++i) {
        if (backend.log().find(text) != std::string::npos) return true;
        std::this_thread::sleep_for(20ms);
    }
    return false;
}

inline std::string plain_get(std::string_view target, std::string_view headers = "Host: api.example.com\r\n") {
    return "GET " + std::string(target) + " HTTP/1.1\r\n" + std::string(headers) + "\r\n";
}

}  // namespace wsgate::testing
