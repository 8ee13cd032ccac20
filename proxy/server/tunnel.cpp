#include "server/tunnel.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>

#include <memory>
#include <vector>

namespace wsgate::proxy::server {

namespace {

using clock = std::chrono::steady_clock;

struct tunnel_state {
    client_stream& client;
    tcp::socket& upstream;
    clock::time_point last_activity = clock::now();
    bool closed = false;
    int running = 2;
    tunnel_result result;

    void close_both() {
        if (closed) return;
        closed = true;
        client.close();
        boost::system::error_code ignored;
        upstream.close(ignored);
    }
};

// Reads from one side and writes to the other until either fails.
template <class ReadSome, class Write>
asio::awaitable<void> pump(tunnel_state& st, std::size_t buffer_size, std::uint64_t& counter, ReadSome read_some,
                           Write write) {
    std::vector<char> buffer(buffer_size);
    while (!st.closed) {
        auto [rec, n] = co_await read_some(asio::buffer(buffer));
        if (n > 0) {
            st.last_activity = clock::now();
            auto [wec, wn] = co_await write(asio::buffer(buffer.data(), n));
            counter += wn;
            if (wec) break;
            st.last_activity = clock::now();
        }
        if (rec) break;
    }
    st.close_both();
}

}  // namespace

asio::awaitable<tunnel_result> run_tunnel(client_stream& client, tcp::socket& upstream, std::string pending_to_upstream,
                                          std::size_t buffer_size, std::chrono::milliseconds idle_timeout) {
    auto executor = co_await asio::this_coro::executor;
    auto st = std::make_shared<tunnel_state>(tunnel_state{client, upstream});
    // What the client pipelined behind its handshake goes first, in order.
    if (!pending_to_upstream.empty()) {
        auto [ec, n] = co_await asio::async_write(upstream, asio::buffer(pending_to_upstream), nothrow);
        st->result.to_upstream += n;
        if (ec) {
            st->close_both();
            co_return st->result;
        }
    }
    // One timer serves as the idle timeout and as the signal that both pumps
    // ended; it fires at most once per idle period, whatever the traffic.
    asio::steady_timer timer(executor);
    auto finished = [st, &timer](std::exception_ptr) {
        if (--st->running == 0) timer.cancel();
    };
    asio::co_spawn(
        executor,
        pump(*st, buffer_size, st->result.to_upstream, [&client](auto b) { return client.read_some(b); },
             [&upstream](auto b) { return asio::async_write(upstream, b, nothrow); }),
        finished);
    asio::co_spawn(
        executor,
        pump(*st, buffer_size, st->result.to_client, [&upstream](auto b) { return upstream.async_read_some(b, nothrow); },
             [&client](auto b) { return client.write(b); }),
        finished);
    while (st->running > 0) {
        const auto expiry = st->closed ? clock::time_point::max() : st->last_activity + idle_timeout;
        if (clock::now() >= expiry) {
            st->result.idle_timeout = true;
            st->close_both();
            continue;
        }
        timer.expires_at(expiry);
        co_await timer.async_wait(nothrow);
    }
    co_return st->result;
}

}  // namespace wsgate::proxy::server
