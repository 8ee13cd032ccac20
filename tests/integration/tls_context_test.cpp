// The shared TLS contexts against each other over loopback: nginx-style
// protocol lists, verification against the test CA, ALPN, resumption.
#include "paths.hpp"
#include "wsgate/tls.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>

#include <gtest/gtest.h>

#include <thread>

namespace asio = boost::asio;
namespace tls = wsgate::tls;
using tcp = asio::ip::tcp;

namespace {

struct handshake_result {
    boost::system::error_code client_error;
    std::string version;
    std::string alpn;
    bool reused = false;
    long verify = X509_V_OK;
};

tls::server_options server_with(std::vector<std::string> protocols = {}) {
    const auto pki = wsgate::testing::pki_dir();
    return {.cert_file = (pki / "server.pem").string(),
            .key_file = (pki / "server.key").string(),
            .protocols = std::move(protocols)};
}

tls::client_options client_trusting_ca() {
    return {.ca_file = (wsgate::testing::pki_dir() / "ca.pem").string()};
}

// One TLS handshake between a server and a client context on loopback.
handshake_result handshake(asio::ssl::context& server_ctx, asio::ssl::context& client_ctx, const std::string& host,
                           SSL_SESSION* offer = nullptr, SSL_SESSION** keep = nullptr) {
    asio::io_context ioc;
    tcp::acceptor acceptor(ioc, {asio::ip::make_address("127.0.0.1"), 0});
    handshake_result result;
    std::thread server([&] {
        asio::io_context sioc;
        tcp::socket s(sioc);
        acceptor.accept(s);
        asio::ssl::stream<tcp::socket> stream(std::move(s), server_ctx);
        boost::system::error_code ec;
        stream.handshake(asio::ssl::stream_base::server, ec);
        if (!ec) {
            char byte;
            asio::read(stream, asio::buffer(&byte, 1), ec);
        }
    });
    asio::ssl::stream<tcp::socket> client(ioc, client_ctx);
    client.next_layer().connect(acceptor.local_endpoint());
    tls::prepare_client(client.native_handle(), host, true);
    if (offer) SSL_set_session(client.native_handle(), offer);
    client.handshake(asio::ssl::stream_base::client, result.client_error);
    result.verify = SSL_get_verify_result(client.native_handle());
    if (!result.client_error) {
        result.version = SSL_get_version(client.native_handle());
        const unsigned char* alpn = nullptr;
        unsigned int len = 0;
        SSL_get0_alpn_selected(client.native_handle(), &alpn, &len);
        result.alpn.assign(reinterpret_cast<const char*>(alpn), len);
        result.reused = SSL_session_reused(client.native_handle()) == 1;
        // A copy: closing without close_notify marks the original session
        // not resumable.
        if (keep) *keep = SSL_SESSION_dup(SSL_get0_session(client.native_handle()));
        boost::system::error_code ignored;
        asio::write(client, asio::buffer("x", 1), ignored);
    }
    client.next_layer().close();
    server.join();
    return result;
}

}  // namespace

TEST(TlsContexts, VerifiedHandshakeNegotiatesHttp11) {
    auto server = tls::make_server_context(server_with());
    auto client = tls::make_client_context(client_trusting_ca());
    auto r = handshake(server, client, "api.example.com");
    ASSERT_FALSE(r.client_error) << r.client_error.message();
    EXPECT_EQ(r.alpn, "http/1.1");
    EXPECT_EQ(r.version, "TLSv1.3");
}

// nginx: ssl_protocols lists what is allowed; the seed lists TLSv1-TLSv1.2.
TEST(TlsContexts, SeedProtocolListLeavesTls13OffAndTls12On) {
    auto server = tls::make_server_context(server_with({"TLSv1", "TLSv1.1", "TLSv1.2"}));
    auto client = tls::make_client_context(client_trusting_ca());
    auto r = handshake(server, client, "api.example.com");
    ASSERT_FALSE(r.client_error) << r.client_error.message();
    EXPECT_EQ(r.version, "TLSv1.2");

    auto tls13_client_options = client_trusting_ca();
    tls13_client_options.min_version = "TLSv1.3";
    auto tls13_client = tls::make_client_context(tls13_client_options);
    EXPECT_TRUE(handshake(server, tls13_client, "api.example.com").client_error);
}

// Debian's OpenSSL 3 refuses TLS 1.0 and 1.1 at its default security level,
// even when the configuration lists them.
TEST(TlsContexts, Tls10And11AreRefusedEvenWhenListed) {
    auto server = tls::make_server_context(server_with({"TLSv1", "TLSv1.1", "TLSv1.2"}));
    for (const char* version : {"TLSv1", "TLSv1.1"}) {
        auto options = client_trusting_ca();
        options.max_version = version;
        auto client = tls::make_client_context(options);
        EXPECT_TRUE(handshake(server, client, "api.example.com").client_error) << version;
    }
}

TEST(TlsContexts, ClientRefusesWrongHostAndUntrustedCertificates) {
    auto server = tls::make_server_context(server_with());
    auto client = tls::make_client_context(client_trusting_ca());
    auto r = handshake(server, client, "other.example.com");
    EXPECT_TRUE(r.client_error);
    EXPECT_EQ(r.verify, X509_V_ERR_HOSTNAME_MISMATCH);

    auto no_ca = tls::make_client_context({.ca_file = (wsgate::testing::pki_dir() / "server.pem").string()});
    EXPECT_TRUE(handshake(server, no_ca, "api.example.com").client_error);
}

TEST(TlsContexts, ClientResumesItsSessionWithTls12) {
    auto server = tls::make_server_context(server_with({"TLSv1.2"}));
    auto client = tls::make_client_context(client_trusting_ca());
    SSL_SESSION* session = nullptr;
    auto first = handshake(server, client, "api.example.com", nullptr, &session);
    ASSERT_FALSE(first.client_error);
    ASSERT_NE(session, nullptr);
    auto second = handshake(server, client, "api.example.com", session);
    SSL_SESSION_free(session);
    ASSERT_FALSE(second.client_error);
    EXPECT_TRUE(second.reused);
}

TEST(TlsContexts, UnknownProtocolNameIsRefused) {
    EXPECT_THROW(tls::make_server_context(server_with({"SSLv3"})), std::invalid_argument);
}

TEST(TlsContexts, MissingCertificateNamesTheFile) {
    try {
        tls::make_server_context({.cert_file = "/nonexistent/cert.pem", .key_file = "/nonexistent/key.pem"});
        FAIL();
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/cert.pem"), std::string::npos);
    }
}
