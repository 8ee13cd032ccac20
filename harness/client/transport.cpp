#include "client/transport.hpp"

#include "wsgate/address.hpp"
#include "wsgate/tls.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <map>
#include <mutex>

namespace wsgate::client {

namespace {

// Sessions by key, kept so a later connection can resume (TLS 1.3 tickets
// arrive after the handshake, so they are collected by a callback).
class session_store {
public:
    static session_store& instance() {
        static session_store store;
        return store;
    }
    ~session_store() { clear(); }
    void put(const std::string& key, SSL_SESSION* session) {
        std::lock_guard lock(mutex_);
        auto& slot = sessions_[key];
        if (slot) SSL_SESSION_free(slot);
        slot = session;
    }
    // Returns a reference the caller must free, or null.
    SSL_SESSION* get(const std::string& key) {
        std::lock_guard lock(mutex_);
        auto it = sessions_.find(key);
        if (it == sessions_.end()) return nullptr;
        SSL_SESSION_up_ref(it->second);
        return it->second;
    }
    void clear() {
        std::lock_guard lock(mutex_);
        for (auto& [key, session] : sessions_) SSL_SESSION_free(session);
        sessions_.clear();
    }

private:
    std::mutex mutex_;
    std::map<std::string, SSL_SESSION*> sessions_;
};

// Keeps a copy: OpenSSL marks the connection's own session not resumable
// when the connection ends without close_notify, as scripted clients often do.
// Asio keeps its verify callback in the SSL's app data, so the session key
// lives in an ex-data slot of its own.
int session_key_index() {
    static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
    return index;
}

int on_new_session(SSL* ssl, SSL_SESSION* session) {
    const auto* key = static_cast<const std::string*>(SSL_get_ex_data(ssl, session_key_index()));
    if (!key) return 0;
    if (SSL_SESSION* copy = SSL_SESSION_dup(session)) session_store::instance().put(*key, copy);
    return 0;
}

std::string describe_tls_failure(const boost::system::error_code& ec, SSL* ssl) {
    std::string text = ec.message();
    if (ssl) {
        const long verify = SSL_get_verify_result(ssl);
        if (verify != X509_V_OK)
            text += " (certificate verify failed: " +
                    std::string(X509_verify_cert_error_string(verify)) + ")";
    }
    return text;
}

}  // namespace

transport::transport(asio::io_context& ioc) : socket_(ioc) {}

transport::~transport() {
    boost::system::error_code ignored;
    socket_.close(ignored);
}


tcp::endpoint transport::local_endpoint() const {
    boost::system::error_code ec;
    return socket_.local_endpoint(ec);
}

void transport::async_connect(const endpoint& ep, connect_handler handler) {
    if (!is_loopback(ep.host)) {
        asio::post(socket_.get_executor(), [handler, host = ep.host] {
            handler(asio::error::access_denied, "refusing non-loopback address " + host);
        });
        return;
    }
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(ep.host, ec);
    if (ec) {
        asio::post(socket_.get_executor(),
                   [handler, ec, host = ep.host] { handler(ec, "bad address " + host); });
        return;
    }
    socket_.open(address.is_v4() ? tcp::v4() : tcp::v6(), ec);
    // Spreading clients over 127.0.0.x source addresses multiplies the
    // ephemeral ports available for many connections.
    if (!ec && !ep.source_address.empty()) {
        socket_.set_option(tcp::socket::reuse_address(true), ec);
        socket_.bind({asio::ip::make_address(ep.source_address, ec), 0}, ec);
    }
    if (ec) {
        asio::post(socket_.get_executor(), [handler, ec] { handler(ec, "socket setup failed"); });
        return;
    }
    started_ = clock::now();
    socket_.async_connect({address, ep.port},
                          [self = shared_from_this(), ep, handler](boost::system::error_code ec) {
                              if (ec) return handler(ec, "TCP connect to " + ep.host + ":" +
                                                             std::to_string(ep.port) + " failed: " +
                                                             ec.message());
                              self->on_tcp_connected(ep, handler);
                          });
}

void transport::on_tcp_connected(const endpoint& ep, connect_handler handler) {
    timings_.tcp = std::chrono::duration_cast<std::chrono::microseconds>(clock::now() - started_);
    boost::system::error_code ignored;
    socket_.set_option(tcp::no_delay(true), ignored);
    if (!ep.tls) return handler({}, {});
    try {
        start_tls(ep, handler);
    } catch (const std::exception& e) {
        handler(asio::error::invalid_argument, std::string("TLS setup failed: ") + e.what());
    }
}

void transport::start_tls(const endpoint& ep, connect_handler handler) {
    const tls_options& o = *ep.tls;
    ssl_ctx_ = std::make_unique<asio::ssl::context>(tls::make_client_context({
        .ca_file = o.ca_file,
        .verify = o.verify,
        .cert_file = o.cert_file,
        .key_file = o.key_file,
        .min_version = o.min_version,
        .max_version = o.max_version,
        .ciphers = o.ciphers,
    }));
    SSL_CTX_set_session_cache_mode(ssl_ctx_->native_handle(), SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
    SSL_CTX_sess_set_new_cb(ssl_ctx_->native_handle(), on_new_session);
    ssl_ = std::make_unique<asio::ssl::stream<tcp::socket&>>(socket_, *ssl_ctx_);
    SSL* native = ssl_->native_handle();

    const std::string sni = o.sni.empty() ? ep.tls_name : o.sni;
    const std::string verify_host = !o.verify_host.empty() ? o.verify_host : sni == "-" ? ep.tls_name : sni;
    tls::prepare_client(native, verify_host, o.verify);
    if (sni == "-") SSL_set_tlsext_host_name(native, nullptr);
    else if (sni != verify_host) SSL_set_tlsext_host_name(native, sni.c_str());

    session_key_ = o.session_key.empty() ? ep.host + ":" + std::to_string(ep.port) : o.session_key;
    SSL_set_ex_data(native, session_key_index(), &session_key_);
    if (o.reuse_session) {
        if (SSL_SESSION* session = session_store::instance().get(session_key_)) {
            SSL_set_session(native, session);
            SSL_SESSION_free(session);
        }
    }

    const auto tls_started = clock::now();
    ssl_->async_handshake(asio::ssl::stream_base::client,
                          [self = shared_from_this(), handler, tls_started](boost::system::error_code ec) {
                              self->timings_.tls = std::chrono::duration_cast<std::chrono::microseconds>(
                                  clock::now() - tls_started);
                              if (ec)
                                  return handler(ec, "TLS handshake failed: " +
                                                         describe_tls_failure(ec, self->ssl_->native_handle()));
                              self->record_tls_outcome();
                              handler({}, {});
                          });
}

void transport::record_tls_outcome() {
    SSL* native = ssl_->native_handle();
    tls_.version = SSL_get_version(native);
    tls_.cipher = SSL_get_cipher_name(native);
    const unsigned char* alpn = nullptr;
    unsigned int alpn_size = 0;
    SSL_get0_alpn_selected(native, &alpn, &alpn_size);
    tls_.alpn.assign(reinterpret_cast<const char*>(alpn), alpn_size);
    tls_.session_reused = SSL_session_reused(native) == 1;
    if (X509* peer = SSL_get0_peer_certificate(native)) {
        char subject[256];
        X509_NAME_oneline(X509_get_subject_name(peer), subject, sizeof subject);
        tls_.peer_subject = subject;
    }
    const long verify = SSL_get_verify_result(native);
    if (verify != X509_V_OK) tls_.verify_error = X509_verify_cert_error_string(verify);
}

void transport::async_read_some(asio::mutable_buffer buffer, read_handler handler) {
    if (ssl_)
        ssl_->async_read_some(buffer, std::move(handler));
    else
        socket_.async_read_some(buffer, std::move(handler));
}

void transport::async_write(std::shared_ptr<const std::string> bytes, write_handler handler) {
    auto done = [bytes, handler = std::move(handler)](boost::system::error_code ec, std::size_t) {
        handler(ec);
    };
    if (ssl_)
        asio::async_write(*ssl_, asio::buffer(*bytes), std::move(done));
    else
        asio::async_write(socket_, asio::buffer(*bytes), std::move(done));
}

void transport::shutdown_send() {
    boost::system::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_send, ignored);
}

void transport::reset() {
    boost::system::error_code ignored;
    socket_.set_option(asio::socket_base::linger(true, 0), ignored);
    socket_.close(ignored);
}

void transport::close() {
    boost::system::error_code ignored;
    socket_.close(ignored);
}

}  // namespace wsgate::client
