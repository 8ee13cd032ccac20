#include "server/tunnel.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>

#include <memory>
#include <vector>

namespace wsgate::proxy::server {

namespace {

using clock = std::chrono::steady_clock;

// The copy loops are plain handlers (read, then write, then read again), not
// coroutines: this is the proxy's hot path, and a handler pair costs less
// per forwarded chunk than a coroutine suspension.
class tunnel : public std::enable_shared_from_this<tunnel> {
public:
    tunnel(client_stream& client, tcp::socket& upstream, std::size_t buffer_size, std::chrono::milliseconds idle,
           asio::steady_timer& done)
        : client_(client),
          upstream_(upstream),
          to_upstream_buffer_(buffer_size),
          to_client_buffer_(buffer_size),
          idle_(idle),
          idle_timer_(upstream.get_executor()),
          done_(done) {}

    void start() {
        last_activity_ = clock::now();
        do_read_client();
        do_read_upstream();
        arm_idle_timer();
    }

    tunnel_result result;

private:
    void do_read_client() {
        client_.async_read_some(asio::buffer(to_upstream_buffer_),
                                [self = shared_from_this()](boost::system::error_code ec, std::size_t n) {
                                    self->on_read_client(ec, n);
                                });
    }
    void on_read_client(boost::system::error_code ec, std::size_t n) {
        if (ec || closed_) return finish();
        last_activity_ = clock::now();
        asio::async_write(upstream_, asio::buffer(to_upstream_buffer_.data(), n),
                          [self = shared_from_this()](boost::system::error_code ec, std::size_t written) {
                              self->result.to_upstream += written;
                              if (ec || self->closed_) return self->finish();
                              self->do_read_client();
                          });
    }

    void do_read_upstream() {
        upstream_.async_read_some(asio::buffer(to_client_buffer_),
                                  [self = shared_from_this()](boost::system::error_code ec, std::size_t n) {
                                      self->on_read_upstream(ec, n);
                                  });
    }
    void on_read_upstream(boost::system::error_code ec, std::size_t n) {
        if (ec || closed_) return finish();
        last_activity_ = clock::now();
        client_.async_write(asio::buffer(to_client_buffer_.data(), n),
                            [self = shared_from_this()](boost::system::error_code ec, std::size_t written) {
                                self->result.to_client += written;
                                if (ec || self->closed_) return self->finish();
                                self->do_read_upstream();
                            });
    }

    // Fires once per idle period at most; traffic only moves last_activity_.
    void arm_idle_timer() {
        idle_timer_.expires_at(last_activity_ + idle_);
        idle_timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
            if (ec || self->closed_) return;
            if (clock::now() - self->last_activity_ >= self->idle_) {
                self->result.idle_timeout = true;
                return self->close_both();
            }
            self->arm_idle_timer();
        });
    }

    // Either side ending ends both, as nginx finalizes an upgraded request.
    void close_both() {
        if (closed_) return;
        closed_ = true;
        client_.close();
        boost::system::error_code ignored;
        upstream_.close(ignored);
        idle_timer_.cancel();
    }

    void finish() {
        close_both();
        if (++finished_ == 2) done_.cancel();
    }

    client_stream& client_;
    tcp::socket& upstream_;
    std::vector<char> to_upstream_buffer_;
    std::vector<char> to_client_buffer_;
    std::chrono::milliseconds idle_;
    asio::steady_timer idle_timer_;
    asio::steady_timer& done_;
    clock::time_point last_activity_;
    bool closed_ = false;
    int finished_ = 0;
};

}  // namespace

asio::awaitable<tunnel_result> run_tunnel(client_stream& client, tcp::socket& upstream, std::string pending_to_upstream,
                                          std::size_t buffer_size, std::chrono::milliseconds idle_timeout) {
    tunnel_result result;
    // What the client pipelined behind its handshake goes first, in order.
    if (!pending_to_upstream.empty()) {
        auto [ec, n] = co_await asio::async_write(upstream, asio::buffer(pending_to_upstream), nothrow);
        result.to_upstream += n;
        if (ec) {
            client.close();
            co_return result;
        }
    }
    asio::steady_timer done(upstream.get_executor(), clock::time_point::max());
    auto t = std::make_shared<tunnel>(client, upstream, buffer_size, idle_timeout, done);
    t->start();
    // The tunnel cancels this timer when both directions have ended.
    auto [ec] = co_await done.async_wait(nothrow);
    t->result.to_upstream += result.to_upstream;
    co_return t->result;
}

}  // namespace wsgate::proxy::server
