#include "server/tunnel.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>

#include <array>
#include <memory>
#include <vector>

namespace wsgate::proxy::server {

namespace {

using clock = std::chrono::steady_clock;

// An idle tunnel holds no copy buffer: each side is first waited on until
// it is readable (for a TLS client: until the socket is, or the TLS layer
// holds bytes), then a buffer comes from this thread's free list and goes
// back once its bytes are written.
class buffer_pool {
public:
    static std::unique_ptr<char[]> take(std::size_t size) {
        auto& list = list_for(size);
        if (list.empty()) return std::make_unique_for_overwrite<char[]>(size);
        auto b = std::move(list.back());
        list.pop_back();
        return b;
    }
    static void give(std::unique_ptr<char[]> b, std::size_t size) {
        auto& list = list_for(size);
        if (b && list.size() < max_kept) list.push_back(std::move(b));
    }

private:
    using free_list = std::vector<std::unique_ptr<char[]>>;
    static constexpr std::size_t max_kept = 1024;

    // A config has one or a few proxy_buffer_size values: a short list
    // searched in order beats hashing on every forwarded chunk.
    static free_list& list_for(std::size_t size) {
        for (auto& [s, list] : lists_)
            if (s == size) return list;
        return lists_.emplace_back(size, free_list{}).second;
    }

    static thread_local std::vector<std::pair<std::size_t, free_list>> lists_;
};

thread_local std::vector<std::pair<std::size_t, buffer_pool::free_list>> buffer_pool::lists_;

// The copy loops are plain handlers (wait, read, write, wait again), not
// coroutines: this is the proxy's hot path, and a handler pair costs less
// per forwarded chunk than a coroutine suspension.
class tunnel : public std::enable_shared_from_this<tunnel> {
public:
    tunnel(client_stream& client, tcp::socket& upstream, const tunnel_limits& limits, asio::steady_timer& done)
        : client_(client),
          upstream_(upstream),
          buffer_size_(limits.buffer_size),
          idle_(limits.idle),
          send_limit_{limits.upstream_send, limits.client_send},
          idle_timer_(upstream.get_executor()),
          write_timer_{asio::steady_timer(upstream.get_executor()), asio::steady_timer(upstream.get_executor())},
          done_(done) {}

    ~tunnel() {
        buffer_pool::give(std::move(to_upstream_), buffer_size_);
        buffer_pool::give(std::move(to_client_), buffer_size_);
    }

    void start() {
        boost::system::error_code ignored;
        upstream_.non_blocking(true, ignored);
        client_.socket().non_blocking(true, ignored);
        last_activity_ = clock::now();
        do_wait_client();
        do_wait_upstream();
        arm_idle_timer();
    }

    tunnel_result result;

private:
    void do_wait_client() {
        client_.async_wait_readable([self = shared_from_this()](boost::system::error_code ec) {
            if (ec || self->closed_) return self->finish();
            if (!self->to_upstream_) self->to_upstream_ = buffer_pool::take(self->buffer_size_);
            boost::system::error_code rec;
            const auto n = self->client_.read_now(asio::buffer(self->to_upstream_.get(), self->buffer_size_), rec);
            if (rec == asio::error::would_block) return self->do_wait_client();
            self->on_read_client(rec, n);
        });
    }
    void on_read_client(boost::system::error_code ec, std::size_t n) {
        if (ec || closed_) return finish();
        last_activity_ = clock::now();
        write_started(to_upstream);
        asio::async_write(upstream_, asio::buffer(to_upstream_.get(), n),
                          [self = shared_from_this()](boost::system::error_code ec, std::size_t written) {
                              self->writing_[to_upstream] = false;
                              self->result.to_upstream += written;
                              if (ec || self->closed_) return self->finish();
                              buffer_pool::give(std::move(self->to_upstream_), self->buffer_size_);
                              self->do_wait_client();
                          });
    }

    void do_wait_upstream() {
        upstream_.async_wait(tcp::socket::wait_read, [self = shared_from_this()](boost::system::error_code ec) {
            if (ec || self->closed_) return self->finish();
            if (!self->to_client_) self->to_client_ = buffer_pool::take(self->buffer_size_);
            boost::system::error_code rec;
            const auto n = self->upstream_.read_some(asio::buffer(self->to_client_.get(), self->buffer_size_), rec);
            if (rec == asio::error::would_block) return self->do_wait_upstream();
            self->on_read_upstream(rec, n);
        });
    }
    void on_read_upstream(boost::system::error_code ec, std::size_t n) {
        if (ec || closed_) return finish();
        last_activity_ = clock::now();
        write_started(to_client);
        client_.async_write(asio::buffer(to_client_.get(), n),
                            [self = shared_from_this()](boost::system::error_code ec, std::size_t written) {
                                self->writing_[to_client] = false;
                                self->result.to_client += written;
                                if (ec || self->closed_) return self->finish();
                                buffer_pool::give(std::move(self->to_client_), self->buffer_size_);
                                self->do_wait_upstream();
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

    // A timer per direction, armed when a write starts and none is armed;
    // when it fires for a write that has since completed it re-arms for the
    // one pending, so a stream of quick writes costs one timer per send
    // timeout, not one per write. A direction's limit is fixed, so a later
    // write never needs an earlier deadline than the one armed.
    void write_started(int direction) {
        writing_[direction] = true;
        write_since_[direction] = last_activity_;
        if (!write_timer_armed_[direction]) arm_write_timer(direction);
    }

    void arm_write_timer(int direction) {
        write_timer_armed_[direction] = true;
        auto& timer = write_timer_[direction];
        timer.expires_at(write_since_[direction] + send_limit_[direction]);
        timer.async_wait([self = shared_from_this(), direction](boost::system::error_code ec) {
            self->write_timer_armed_[direction] = false;
            if (ec || self->closed_ || !self->writing_[direction]) return;
            if (clock::now() - self->write_since_[direction] < self->send_limit_[direction])
                return self->arm_write_timer(direction);
            (direction == to_client ? self->result.client_send_timeout : self->result.upstream_send_timeout) = true;
            self->close_both();
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
        for (auto& timer : write_timer_) timer.cancel();
    }

    void finish() {
        close_both();
        if (++finished_ == 2) done_.cancel();
    }

    client_stream& client_;
    tcp::socket& upstream_;
    std::size_t buffer_size_;
    std::unique_ptr<char[]> to_upstream_;
    std::unique_ptr<char[]> to_client_;
    std::chrono::milliseconds idle_;
    static constexpr int to_upstream = 0;
    static constexpr int to_client = 1;
    std::array<std::chrono::milliseconds, 2> send_limit_;
    std::array<bool, 2> writing_{};
    std::array<clock::time_point, 2> write_since_{};
    std::array<bool, 2> write_timer_armed_{};
    asio::steady_timer idle_timer_;
    std::array<asio::steady_timer, 2> write_timer_;
    asio::steady_timer& done_;
    clock::time_point last_activity_;
    bool closed_ = false;
    int finished_ = 0;
};

}  // namespace

asio::awaitable<tunnel_result> run_tunnel(client_stream& client, tcp::socket& upstream, std::string pending_to_upstream,
                                          const tunnel_limits& limits) {
    tunnel_result result;
    // What the client pipelined behind its handshake goes first, in order,
    // within proxy_send_timeout like every other write to the upstream.
    if (!pending_to_upstream.empty()) {
        asio::steady_timer limit(upstream.get_executor(), limits.upstream_send);
        limit.async_wait([&upstream, &result](boost::system::error_code ec) {
            if (ec) return;
            result.upstream_send_timeout = true;
            boost::system::error_code ignored;
            upstream.close(ignored);
        });
        auto [ec, n] = co_await asio::async_write(upstream, asio::buffer(pending_to_upstream), nothrow);
        limit.cancel();
        result.to_upstream += n;
        if (ec) {
            client.close();
            co_return result;
        }
    }
    asio::steady_timer done(upstream.get_executor(), clock::time_point::max());
    auto t = std::make_shared<tunnel>(client, upstream, limits, done);
    t->start();
    // The tunnel cancels this timer when both directions have ended.
    auto [ec] = co_await done.async_wait(nothrow);
    t->result.to_upstream += result.to_upstream;
    co_return t->result;
}

}  // namespace wsgate::proxy::server
