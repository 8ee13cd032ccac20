// wsgate::tls_socket (the proxy's client side and the load generator's TLS
// connections) against Asio's ssl::stream on loopback: bytes arrive intact
// in both directions, the end of a connection reads as ssl::stream reports
// it, and a result ready at once is still delivered from the event loop.
#include "paths.hpp"
#include "wsgate/tls.hpp"
#include "wsgate/tls_socket.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/asio/write.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace asio = boost::asio;
namespace tls = wsgate::tls;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using wsgate::tls_socket;

namespace {

constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);

// A handshaken pair: tls_socket as the server, ssl::stream as the client.
class TlsSocket : public ::testing::Test {
protected:
    TlsSocket()
        : server_ctx_(tls::make_server_context({.cert_file = (wsgate::testing::pki_dir() / "server.pem").string(),
                                                .key_file = (wsgate::testing::pki_dir() / "server.key").string()})),
          client_ctx_(tls::make_client_context({.ca_file = (wsgate::testing::pki_dir() / "ca.pem").string()})),
          client_(ioc_, client_ctx_) {
        tcp::acceptor acceptor(ioc_, {asio::ip::make_address("127.0.0.1"), 0});
        client_.next_layer().connect(acceptor.local_endpoint());
        server_.emplace(acceptor.accept(), server_ctx_);
        tls::prepare_client(client_.native_handle(), "api.example.com", true);
        run([&]() -> asio::awaitable<void> {
            auto [ec] = co_await server_->async_handshake(asio::ssl::stream_base::server, nothrow);
            EXPECT_FALSE(ec) << ec.message();
        }, [&]() -> asio::awaitable<void> {
            auto [ec] = co_await client_.async_handshake(asio::ssl::stream_base::client, nothrow);
            EXPECT_FALSE(ec) << ec.message();
        });
    }

    // Runs both sides to completion, bounded so a stuck side fails the test.
    template <class Server, class Client>
    void run(Server server, Client client) {
        auto s = asio::co_spawn(ioc_, server(), asio::use_future);
        auto c = asio::co_spawn(ioc_, client(), asio::use_future);
        ioc_.restart();
        ioc_.run_for(std::chrono::seconds(20));
        ASSERT_EQ(s.wait_for(std::chrono::seconds(0)), std::future_status::ready) << "server side did not finish";
        ASSERT_EQ(c.wait_for(std::chrono::seconds(0)), std::future_status::ready) << "client side did not finish";
        s.get();
        c.get();
    }

    asio::io_context ioc_;
    asio::ssl::context server_ctx_;
    asio::ssl::context client_ctx_;
    asio::ssl::stream<tcp::socket> client_;
    std::optional<tls_socket> server_;
};

std::string random_bytes(std::size_t n) {
    std::mt19937 gen(7);
    std::string s(n, '\0');
    for (auto& c : s) c = static_cast<char>(gen());
    return s;
}

TEST_F(TlsSocket, EchoesFourMebibytesIntactWhileBothSocketBuffersFill) {
    const auto sent = random_bytes(4 << 20);
    std::string echoed;
    run([&]() -> asio::awaitable<void> {
        std::vector<char> chunk(16384);
        for (std::size_t total = 0; total < sent.size();) {
            auto [ec, n] = co_await server_->async_read_some(asio::buffer(chunk), nothrow);
            if (ec) co_return ADD_FAILURE() << "server read: " << ec.message();
            auto [wec, wn] = co_await asio::async_write(*server_, asio::buffer(chunk.data(), n), nothrow);
            if (wec) co_return ADD_FAILURE() << "server write: " << wec.message();
            total += n;
        }
    }, [&]() -> asio::awaitable<void> {
        // Writing everything before reading anything makes the server's
        // writes wait for a writable socket, the path idle tests never take.
        auto writer = [&]() -> asio::awaitable<void> {
            auto [ec, n] = co_await asio::async_write(client_, asio::buffer(sent), nothrow);
            EXPECT_FALSE(ec) << ec.message();
        };
        asio::co_spawn(ioc_, writer(), asio::detached);
        echoed.resize(sent.size());
        auto [ec, n] = co_await asio::async_read(client_, asio::buffer(echoed), nothrow);
        EXPECT_FALSE(ec) << ec.message();
    });
    EXPECT_TRUE(echoed == sent);
}

TEST_F(TlsSocket, CloseNotifyReadsAsEndOfFile) {
    run([&]() -> asio::awaitable<void> {
        char byte;
        auto [ec, n] = co_await server_->async_read_some(asio::buffer(&byte, 1), nothrow);
        EXPECT_EQ(ec, asio::error::eof) << ec.message();
        // No close_notify goes back (tls_socket has no shutdown: the proxy
        // closes as nginx does); closing ends the client's wait for one.
        server_->next_layer().close();
    }, [&]() -> asio::awaitable<void> {
        co_await client_.async_shutdown(nothrow);
    });
}

TEST_F(TlsSocket, PeerClosingWithoutCloseNotifyReadsAsStreamTruncated) {
    run([&]() -> asio::awaitable<void> {
        char byte;
        auto [ec, n] = co_await server_->async_read_some(asio::buffer(&byte, 1), nothrow);
        EXPECT_EQ(ec, asio::ssl::error::stream_truncated) << ec.message();
    }, [&]() -> asio::awaitable<void> {
        // A FIN, not a close: the client never read the server's session
        // tickets, and closing over unread bytes would send a reset.
        client_.next_layer().shutdown(tcp::socket::shutdown_send);
        co_return;
    });
}

TEST_F(TlsSocket, ClosingTheSocketEndsAPendingRead) {
    run([&]() -> asio::awaitable<void> {
        char byte;
        auto [ec, n] = co_await server_->async_read_some(asio::buffer(&byte, 1), nothrow);
        EXPECT_TRUE(ec);
        EXPECT_EQ(n, 0u);
    }, [&]() -> asio::awaitable<void> {
        asio::steady_timer t(ioc_, std::chrono::milliseconds(50));
        co_await t.async_wait(nothrow);
        server_->next_layer().close();
    });
}

TEST_F(TlsSocket, BytesHeldByTheTlsLayerAreReadWithoutWaitingForTheSocket) {
    run([&]() -> asio::awaitable<void> {
        // Both records arrive before the first read, so after one byte the
        // rest sits decrypted or read ahead inside OpenSSL, not on the socket.
        asio::steady_timer t(ioc_, std::chrono::milliseconds(100));
        co_await t.async_wait(nothrow);
        char byte;
        error_code ec;
        EXPECT_EQ(server_->read_some_now(asio::buffer(&byte, 1), ec), 1u);
        EXPECT_FALSE(ec);
        EXPECT_TRUE(server_->has_buffered_input());
        std::string rest(64, '\0');
        std::size_t got = 0;
        while (got < 9 && !ec) got += server_->read_some_now(asio::buffer(rest.data() + got, rest.size() - got), ec);
        EXPECT_FALSE(ec) << ec.message();
        EXPECT_EQ(rest.substr(0, got), "ellohello");
        server_->read_some_now(asio::buffer(&byte, 1), ec);
        EXPECT_EQ(ec, asio::error::would_block);
        EXPECT_EQ(server_->wanted_for_read(), tcp::socket::wait_read);
    }, [&]() -> asio::awaitable<void> {
        co_await asio::async_write(client_, asio::buffer(std::string("hello")), nothrow);
        co_await asio::async_write(client_, asio::buffer(std::string("hello")), nothrow);
    });
}

TEST_F(TlsSocket, AResultReadyAtOnceIsDeliveredAfterTheCallReturns) {
    run([&]() -> asio::awaitable<void> { co_return; },
        [&]() -> asio::awaitable<void> { co_await asio::async_write(client_, asio::buffer(std::string("xy")), nothrow); });
    ASSERT_TRUE(ioc_.stopped());
    char byte;
    error_code ec;
    for (int tries = 0; server_->read_some_now(asio::buffer(&byte, 1), ec) == 0 && tries < 500; ++tries)
        ioc_.run_one_for(std::chrono::milliseconds(10));
    ASSERT_FALSE(ec) << ec.message();
    ASSERT_TRUE(server_->has_buffered_input());
    bool returned = false;
    bool called = false;
    server_->async_read_some(asio::buffer(&byte, 1), [&](error_code rec, std::size_t n) {
        EXPECT_TRUE(returned) << "the handler ran inside async_read_some";
        EXPECT_FALSE(rec);
        EXPECT_EQ(n, 1u);
        called = true;
    });
    returned = true;
    ioc_.restart();
    ioc_.run_for(std::chrono::seconds(5));
    EXPECT_TRUE(called);
}

}  // namespace
