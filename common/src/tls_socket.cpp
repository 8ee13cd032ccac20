#include "wsgate/tls_socket.hpp"

#include <boost/asio/ssl/error.hpp>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <sys/socket.h>

#include <cerrno>
#include <climits>
#include <stdexcept>
#include <utility>

namespace wsgate {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

// OpenSSL's own socket BIO writes with write(2), which raises SIGPIPE on a
// closed peer; this one sends with MSG_NOSIGNAL as Asio does. It reads the
// descriptor from the Asio socket on every call, so a closed socket gives
// EBADF instead of touching a descriptor number reused by another connection.
int socket_of(BIO* bio) { return static_cast<tcp::socket*>(BIO_get_data(bio))->native_handle(); }

int bio_write(BIO* bio, const char* data, int size) {
    BIO_clear_retry_flags(bio);
    const auto n = ::send(socket_of(bio), data, static_cast<std::size_t>(size), MSG_NOSIGNAL);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) BIO_set_retry_write(bio);
    return static_cast<int>(n);
}

int bio_read(BIO* bio, char* data, int size) {
    BIO_clear_retry_flags(bio);
    const auto n = ::recv(socket_of(bio), data, static_cast<std::size_t>(size), 0);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) BIO_set_retry_read(bio);
    return static_cast<int>(n);
}

// Only flush matters to the TLS layer; every other control (kTLS, MTU
// queries) is answered "not supported".
long bio_ctrl(BIO*, int cmd, long, void*) { return cmd == BIO_CTRL_FLUSH ? 1 : 0; }

BIO_METHOD* socket_method() {
    static BIO_METHOD* method = [] {
        BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "wsgate socket");
        if (!m || !BIO_meth_set_write(m, bio_write) || !BIO_meth_set_read(m, bio_read) ||
            !BIO_meth_set_ctrl(m, bio_ctrl))
            throw std::runtime_error("cannot create the TLS socket BIO method");
        return m;
    }();
    return method;
}

int clamp(std::size_t size) { return size > INT_MAX ? INT_MAX : static_cast<int>(size); }

}  // namespace

tls_socket::tls_socket(tcp::socket socket, asio::ssl::context& ctx)
    : socket_(std::move(socket)), ssl_(SSL_new(ctx.native_handle())) {
    BIO* bio = ssl_ ? BIO_new(socket_method()) : nullptr;
    if (!bio) {
        SSL_free(ssl_);
        throw std::runtime_error("cannot create a TLS connection: out of memory");
    }
    BIO_set_data(bio, &socket_);
    BIO_set_init(bio, 1);
    SSL_set_bio(ssl_, bio, bio);
    // Partial writes and a moving buffer are what async_write_some's callers
    // expect; released buffers and read-ahead are nginx's choices: no buffer
    // while idle, one recv per burst instead of one per record header.
    SSL_set_mode(ssl_, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_RELEASE_BUFFERS);
    SSL_set_read_ahead(ssl_, 1);
    error_code ignored;
    socket_.non_blocking(true, ignored);
}

tls_socket::tls_socket(tls_socket&& other) noexcept
    : socket_(std::move(other.socket_)),
      ssl_(std::exchange(other.ssl_, nullptr)),
      wanted_(other.wanted_),
      read_wants_write_(other.read_wants_write_) {
    if (ssl_) BIO_set_data(SSL_get_rbio(ssl_), &socket_);
}

tls_socket::~tls_socket() { SSL_free(ssl_); }

bool tls_socket::has_buffered_input() const { return SSL_has_pending(ssl_) == 1; }

void tls_socket::start_handshake(handshake_type type) {
    if (type == asio::ssl::stream_base::server) SSL_set_accept_state(ssl_);
    else SSL_set_connect_state(ssl_);
}

void tls_socket::handshake_now(error_code& ec) {
    ERR_clear_error();
    errno = 0;
    const int ret = SSL_do_handshake(ssl_);
    ec = ret == 1 ? error_code{} : outcome(ret, errno);
}

std::size_t tls_socket::read_some_now(asio::mutable_buffer buffer, error_code& ec) {
    const auto n = transfer(buffer.size(), ec, [&](int size) { return SSL_read(ssl_, buffer.data(), size); });
    read_wants_write_ = ec == asio::error::would_block && wanted_ == tcp::socket::wait_write;
    return n;
}

std::size_t tls_socket::write_some_now(asio::const_buffer buffer, error_code& ec) {
    return transfer(buffer.size(), ec, [&](int size) { return SSL_write(ssl_, buffer.data(), size); });
}

template <class Call>
std::size_t tls_socket::transfer(std::size_t size, error_code& ec, Call call) {
    ec = {};
    if (size == 0) return 0;
    ERR_clear_error();
    errno = 0;
    const int ret = call(clamp(size));
    if (ret > 0) return static_cast<std::size_t>(ret);
    ec = outcome(ret, errno);
    return 0;
}

// The codes Asio's ssl::stream reports for the same events, so callers and
// log lines read the same: eof for close_notify, stream_truncated for a peer
// that closed without one, the OpenSSL reason otherwise.
tls_socket::error_code tls_socket::outcome(int ret, int saved_errno) {
    switch (SSL_get_error(ssl_, ret)) {
    case SSL_ERROR_WANT_READ:
        wanted_ = tcp::socket::wait_read;
        return asio::error::would_block;
    case SSL_ERROR_WANT_WRITE:
        wanted_ = tcp::socket::wait_write;
        return asio::error::would_block;
    case SSL_ERROR_ZERO_RETURN:
        return asio::error::eof;
    case SSL_ERROR_SYSCALL:
        if (const auto e = ERR_get_error()) return {static_cast<int>(e), asio::error::get_ssl_category()};
        if (saved_errno != 0 && ret < 0) return {saved_errno, boost::system::system_category()};
        return asio::ssl::error::stream_truncated;
    default: {
        const auto e = ERR_get_error();
        if (ERR_GET_REASON(e) == SSL_R_UNEXPECTED_EOF_WHILE_READING) return asio::ssl::error::stream_truncated;
        return {static_cast<int>(e), asio::error::get_ssl_category()};
    }
    }
}

}  // namespace wsgate
