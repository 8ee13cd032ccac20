// The byte stream under a scripted client: TCP, optionally TLS, with every
// step timed. Reads and writes are asynchronous on the caller's io_context;
// the step runner pumps it (see pump.hpp).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace wsgate::client {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using clock = std::chrono::steady_clock;

struct tls_options {
    std::string sni;          // empty: the URL's host; "-" sends no SNI
    std::string ca_file;      // trust anchor; empty: system store
    bool verify = true;       // chain and host name
    std::string verify_host;  // empty: the SNI name, else the URL's host
    std::string cert_file;    // client certificate (mutual TLS)
    std::string key_file;
    std::string min_version;  // "TLSv1.2" ...
    std::string max_version;
    std::string ciphers;
    bool reuse_session = false;  // offer the session of the previous connection with the same key
    std::string session_key;     // which earlier session to offer; empty: host:port
};

struct endpoint {
    std::string host;            // IP address to connect to (loopback only)
    std::uint16_t port = 0;
    std::string source_address;  // empty: kernel's choice
    std::optional<tls_options> tls;
    std::string tls_name;        // URL host, for SNI and verification defaults
};

struct connect_timings {
    std::chrono::microseconds tcp{0};
    std::chrono::microseconds tls{0};
};

struct tls_outcome {
    std::string version;  // "TLSv1.3"
    std::string cipher;
    std::string alpn;
    bool session_reused = false;
    std::string peer_subject;
    std::string verify_error;  // OpenSSL's verify result text when not ok
};

class transport : public std::enable_shared_from_this<transport> {
public:
    using connect_handler = std::function<void(boost::system::error_code, std::string what)>;
    using read_handler = std::function<void(boost::system::error_code, std::size_t)>;
    using write_handler = std::function<void(boost::system::error_code)>;

    explicit transport(asio::io_context& ioc);
    ~transport();

    // TCP connect, then the TLS handshake when the endpoint asks for TLS. On
    // failure `what` says which step failed and why (TLS alerts included).
    void async_connect(const endpoint& ep, connect_handler handler);
    void async_read_some(asio::mutable_buffer buffer, read_handler handler);
    void async_write(std::shared_ptr<const std::string> bytes, write_handler handler);

    // Half-closes (FIN) the sending side. Over TLS no close_notify goes first,
    // so the peer sees a truncated TLS stream, as from an abrupt client.
    void shutdown_send();
    // SO_LINGER 0 then close: the peer sees a reset.
    void reset();
    void close();

    bool is_tls() const { return ssl_ != nullptr; }
    const connect_timings& timings() const { return timings_; }
    const tls_outcome& tls() const { return tls_; }
    tcp::endpoint local_endpoint() const;

private:
    void on_tcp_connected(const endpoint& ep, connect_handler handler);
    void start_tls(const endpoint& ep, connect_handler handler);
    void record_tls_outcome();

    tcp::socket socket_;
    std::unique_ptr<asio::ssl::context> ssl_ctx_;
    std::unique_ptr<asio::ssl::stream<tcp::socket&>> ssl_;
    std::string session_key_;
    clock::time_point started_;
    connect_timings timings_;
    tls_outcome tls_;
};

}  // namespace wsgate::client
