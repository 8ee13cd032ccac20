#include "ws_load.hpp"

#include "wsgate/proc_stats.hpp"
#include "wsgate/frame.hpp"
#include "wsgate/tls.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>
#include <random>
#include <thread>
#include <variant>

namespace wsgate::bench {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using clock = std::chrono::steady_clock;
using asio::awaitable;
using asio::use_awaitable;

namespace {

using tls_stream = asio::ssl::stream<tcp::socket>;

struct connection {
    std::variant<tcp::socket, tls_stream> stream;

    template <class F>
    auto visit(F&& f) { return std::visit(std::forward<F>(f), stream); }
};

awaitable<std::unique_ptr<connection>> open_connection(const endpoint& target, asio::ssl::context* tls) {
    auto executor = co_await asio::this_coro::executor;
    tcp::socket socket(executor);
    co_await socket.async_connect({asio::ip::make_address(target.host), target.port}, use_awaitable);
    socket.set_option(tcp::no_delay(true));
    std::unique_ptr<connection> c;
    if (tls) {
        tls_stream s(std::move(socket), *tls);
        tls::prepare_client(s.native_handle(), target.host_header, true);
        co_await s.async_handshake(asio::ssl::stream_base::client, use_awaitable);
        c = std::make_unique<connection>(connection{std::move(s)});
    } else {
        c = std::make_unique<connection>(connection{std::move(socket)});
    }
    const std::string request = "GET " + target.path + " HTTP/1.1\r\nHost: " + target.host_header +
                                "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " +
                                ws::generate_key() + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
    std::string response;
    co_await c->visit([&](auto& s) -> awaitable<void> {
        co_await asio::async_write(s, asio::buffer(request), use_awaitable);
        co_await asio::async_read_until(s, asio::dynamic_buffer(response), "\r\n\r\n", use_awaitable);
    });
    if (!response.starts_with("HTTP/1.1 101")) {
        throw std::runtime_error("upgrade refused: " + response.substr(0, response.find('\r')));
    }
    co_return c;
}

struct shared_state {
    const load_options& options;
    clock::time_point window_start;
    clock::time_point window_end;
    load_result result;

    void fail(const std::string& what) {
        if (result.errors++ == 0) result.first_error = what;
    }
};

// One connection's send/echo loop: closed loop, or paced at interval with
// latency measured from the intended send time (coordinated omission corrected).
awaitable<void> drive(shared_state& state, asio::ssl::context* tls, clock::duration interval,
                      clock::duration phase) {
    try {
        auto conn = co_await open_connection(state.options.target, tls);
        const std::string payload(state.options.payload_size, 'x');
        ws::frame_header h;
        h.opcode = ws::op::binary;
        h.masked = true;
        h.mask = ws::random_mask();
        const std::string request = ws::encode_frame(h, payload);
        const std::string expected = ws::encode_frame({.opcode = ws::op::binary}, payload);
        std::string echo(expected.size(), '\0');
        asio::steady_timer timer(co_await asio::this_coro::executor);
        auto intended = clock::now() + phase;
        for (;;) {
            if (interval.count() > 0) {
                timer.expires_at(intended);
                co_await timer.async_wait(use_awaitable);
            } else {
                intended = clock::now();
            }
            if (intended >= state.window_end) break;
            co_await conn->visit([&](auto& s) -> awaitable<void> {
                co_await asio::async_write(s, asio::buffer(request), use_awaitable);
                co_await asio::async_read(s, asio::buffer(echo), use_awaitable);
            });
            const auto done = clock::now();
            if (echo != expected) {
                state.fail("echo differs from the message sent");
                break;
            }
            if (intended >= state.window_start) {
                ++state.result.round_trips;
                state.result.latency_us.push_back(
                    std::chrono::duration<double, std::micro>(done - intended).count());
            }
            intended += interval;
        }
    } catch (const std::exception& e) {
        state.fail(e.what());
    }
}

}  // namespace

load_result run_load(const load_options& options, int cpu_of_pid) {
    asio::io_context io(1);
    std::unique_ptr<asio::ssl::context> tls;
    if (options.target.tls) {
        tls = std::make_unique<asio::ssl::context>(tls::make_client_context({.ca_file = options.target.ca_file}));
    }
    shared_state state{options, clock::now() + options.warmup, clock::now() + options.warmup + options.measure, {}};
    clock::duration interval{0};
    if (options.rate > 0) {
        interval = std::chrono::duration_cast<clock::duration>(
            std::chrono::duration<double>(options.connections / options.rate));
    }
    std::mt19937_64 rng(42);
    for (int i = 0; i < options.connections; ++i) {
        const auto phase = interval.count() > 0 ? clock::duration(rng() % interval.count()) : clock::duration{0};
        asio::co_spawn(io, drive(state, tls.get(), interval, phase), asio::detached);
    }
    // The CPU of the proxy is sampled by a second thread at the window's edges
    // so the client's own loop is not interrupted.
    double cpu_start = 0;
    double cpu_end = 0;
    std::thread sampler([&] {
        if (cpu_of_pid == 0) return;
        std::this_thread::sleep_until(state.window_start);
        cpu_start = proc::cpu_seconds(cpu_of_pid);
        std::this_thread::sleep_until(state.window_end);
        cpu_end = proc::cpu_seconds(cpu_of_pid);
    });
    io.run_for(options.warmup + options.measure + std::chrono::seconds(10));
    sampler.join();
    state.result.seconds = std::chrono::duration<double>(options.measure).count();
    state.result.cpu_seconds = cpu_end - cpu_start;
    return std::move(state.result);
}

struct idle_connections::impl {
    asio::io_context io{1};
    std::unique_ptr<asio::ssl::context> tls;
    std::vector<std::unique_ptr<connection>> open;
};

idle_connections::idle_connections() : impl_(std::make_unique<impl>()) {}
idle_connections::~idle_connections() = default;

int idle_connections::open(const endpoint& target, int count) {
    if (target.tls && !impl_->tls) {
        impl_->tls = std::make_unique<asio::ssl::context>(tls::make_client_context({.ca_file = target.ca_file}));
    }
    int opened = 0;
    for (int i = 0; i < count; ++i) {
        asio::co_spawn(impl_->io, [&]() -> awaitable<void> {
            try {
                impl_->open.push_back(co_await open_connection(target, impl_->tls.get()));
                ++opened;
            } catch (const std::exception&) {
            }
        }, asio::detached);
    }
    impl_->io.restart();
    impl_->io.run_for(std::chrono::seconds(30));
    return opened;
}

double percentile(std::vector<double>& samples, double p) {
    if (samples.empty()) return 0;
    const auto k = static_cast<std::size_t>(p / 100.0 * static_cast<double>(samples.size() - 1));
    std::nth_element(samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(k), samples.end());
    return samples[k];
}

}  // namespace wsgate::bench
