#include "load/generator.hpp"

#include "load/pacer.hpp"
#include "load/payload.hpp"

#include "wsgate/any_stream.hpp"
#include "wsgate/frame.hpp"
#include "wsgate/tls.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/this_coro.hpp>

#include <atomic>
#include <memory>
#include <mutex>
#include <random>
#include <thread>

namespace wsgate::load {

namespace {

using clock = std::chrono::steady_clock;
using asio::awaitable;

std::int64_t micros(clock::duration d) { return std::chrono::duration_cast<std::chrono::microseconds>(d).count(); }

std::string classify(const boost::system::error_code& ec) {
    if (ec == asio::error::connection_refused) return "refused";
    if (ec.value() == EADDRNOTAVAIL) return "address_not_available";
    if (ec == asio::error::no_descriptors) return "too_many_open_files";
    if (ec == asio::error::timed_out || ec == asio::error::operation_aborted) return "timeout";
    if (ec == asio::error::connection_reset) return "reset";
    if (ec == asio::error::eof) return "closed";
    if (ec.category() == asio::error::get_ssl_category() || ec == asio::ssl::error::stream_truncated) return "tls";
    return "other";
}

// An upgrade response head longer than this is not one.
constexpr std::size_t max_response_head = 64 * 1024;

// "status_404" from a response head, or "malformed_response" when it has no
// three-digit status.
std::string status_class(std::string_view head) {
    constexpr std::size_t status_at = 9;  // after "HTTP/1.1 "
    constexpr std::size_t status_digits = 3;
    if (!head.starts_with("HTTP/") || head.size() < status_at + status_digits) return "malformed_response";
    const auto code = head.substr(status_at, status_digits);
    for (const char c : code)
        if (c < '0' || c > '9') return "malformed_response";
    return "status_" + std::string(code);
}

struct session_free {
    void operator()(SSL_SESSION* s) const { SSL_SESSION_free(s); }
};

// What one thread measures; merged after the run (no sharing while it runs).
struct thread_state {
    load_result result;
    // The TLS session later connections of this thread offer (--tls-resume).
    std::unique_ptr<SSL_SESSION, session_free> session;
    // Corrected latencies of the current second, for the progress line: the
    // only thing the reporting thread reads while the load runs.
    std::mutex second_mutex;
    histogram second_latency;
    std::atomic<std::uint64_t> messages_now{0};
    std::atomic<std::uint64_t> errors_now{0};
    std::atomic<std::uint32_t> open_now{0};
    clock::time_point last_upgrade{};
    std::uint32_t assigned = 0;  // connections this thread runs
    std::uint32_t settled = 0;   // of them, those whose opening ended (upgraded or failed)
    void error(const std::string& kind) {
        ++result.errors[kind];
        ++errors_now;
    }
};

struct plan {
    const load_options& options;
    clock::time_point launched;
    clock::time_point start;
    clock::time_point measure_from;
    clock::time_point measure_until;
    asio::ssl::context* tls;
    std::string request_head;
};

class load_connection : public std::enable_shared_from_this<load_connection> {
public:
    load_connection(const plan& p, thread_state& st, std::uint32_t id, asio::any_io_executor ex)
        : plan_(p), st_(st), id_(id), executor_(ex), reader_(ws::role::client, 1u << 30), sent_at_(4096) {}

    awaitable<void> run(clock::duration start_delay) {
        asio::steady_timer timer(executor_);
        timer.expires_after(start_delay);
        co_await timer.async_wait(nothrow);
        const bool opened = co_await open();
        ++st_.settled;
        if (!opened) co_return;
        ++st_.result.connected;
        st_.last_upgrade = clock::now();
        st_.result.established.record(micros(st_.last_upgrade - plan_.launched));
        ++st_.open_now;
        if (plan_.options.rate > 0) {
            asio::co_spawn(executor_, [self = shared_from_this()] { return self->receive(); }, asio::detached);
            co_await send_paced();
        } else {
            co_await closed_loop();
        }
        --st_.open_now;
    }

private:
    awaitable<bool> open() {
        const auto& o = plan_.options;
        tcp::socket socket(executor_);
        boost::system::error_code ec;
        const auto address = asio::ip::make_address(o.target.host, ec);
        socket.open(address.is_v4() ? tcp::v4() : tcp::v6(), ec);
        if (!o.sources.empty()) {
            socket.set_option(tcp::socket::reuse_address(true), ec);
            socket.bind({asio::ip::make_address(o.sources[id_ % o.sources.size()]), 0}, ec);
            if (ec) {
                st_.error(classify(ec));
                co_return false;
            }
        }
        const auto t0 = clock::now();
        auto [cec] = co_await socket.async_connect({address, o.target.port}, nothrow);
        if (cec) {
            st_.error(classify(cec));
            co_return false;
        }
        socket.set_option(tcp::no_delay(true), ec);
        const auto t1 = clock::now();
        st_.result.tcp.record(micros(t1 - t0));
        if (plan_.tls) {
            stream_ = std::make_unique<any_stream>(std::move(socket), *plan_.tls);
            SSL* ssl = stream_->tls().native_handle();
            tls::prepare_client(ssl, o.target.host_header, !o.target.ca_file.empty());
            if (o.tls_resume && st_.session) SSL_set_session(ssl, st_.session.get());
            auto [hec] = co_await stream_->tls().async_handshake(asio::ssl::stream_base::client, nothrow);
            if (hec) {
                st_.error("tls");
                co_return false;
            }
            st_.result.tls.record(micros(clock::now() - t1));
            if (SSL_session_reused(ssl)) ++st_.result.tls_resumed;
            keep_session();
        } else {
            stream_ = std::make_unique<any_stream>(std::move(socket));
        }
        const auto t2 = clock::now();
        const auto request = plan_.request_head + "Sec-WebSocket-Key: " + ws::generate_key() + "\r\n\r\n";
        auto [wec, wn] = co_await stream_->write(asio::buffer(request));
        if (wec) {
            st_.error(classify(wec));
            co_return false;
        }
        std::string head;
        std::vector<char> chunk(4096);
        while (head.find("\r\n\r\n") == std::string::npos) {
            if (head.size() > max_response_head) {
                st_.error("malformed_response");
                co_return false;
            }
            auto [rec, n] = co_await stream_->read_some(asio::buffer(chunk));
            if (rec) {
                st_.error(classify(rec));
                co_return false;
            }
            head.append(chunk.data(), n);
        }
        if (!head.starts_with("HTTP/1.1 101")) {
            st_.error(status_class(head));
            co_return false;
        }
        st_.result.upgrade.record(micros(clock::now() - t2));
        const auto body = head.substr(head.find("\r\n\r\n") + 4);
        reader_.feed(body.data(), body.size());
        co_return true;
    }

    std::string next_frame(std::uint64_t seq, clock::time_point intended) {
        stamp s{id_, seq, std::chrono::duration_cast<std::chrono::nanoseconds>(intended.time_since_epoch()).count()};
        payload_.resize(std::max(plan_.options.size, header_size));
        fill_payload(s, payload_);
        ws::frame_header h;
        h.opcode = plan_.options.binary ? ws::op::binary : ws::op::text;
        h.masked = true;
        h.mask = {0x11, 0x22, 0x33, static_cast<std::uint8_t>(seq)};
        return ws::encode_frame(h, payload_);
    }

    // The open model: messages go out at their intended times, whatever
    // the echoes do; the receiver measures against those times.
    awaitable<void> send_paced() {
        const auto& o = plan_.options;
        std::mt19937_64 rng(id_ * 7919u + 1);
        const auto interval = interval_for(o.rate, o.connections);
        const auto phase = std::chrono::nanoseconds(static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(interval.count())));
        pacer pace(std::max(clock::now(), plan_.start), interval, phase);
        asio::steady_timer timer(executor_);
        for (std::uint64_t seq = 0;; ++seq) {
            const auto intended = pace.intended(seq);
            if (intended >= plan_.measure_until || done_ || reached_count(seq)) break;
            timer.expires_at(intended);
            co_await timer.async_wait(nothrow);
            const auto frame = next_frame(seq, intended);
            sent_at_[seq % sent_at_.size()] = clock::now();
            auto [ec, n] = co_await stream_->write(asio::buffer(frame));
            if (ec) {
                if (!done_) st_.error(classify(ec));
                done_ = true;
                break;
            }
            sent_ = seq + 1;
        }
        // Drain: echoes still on their way get up to two seconds.
        asio::steady_timer drain(executor_);
        const auto drain_until = clock::now() + std::chrono::seconds(2);
        while (!done_ && received_ < sent_ && clock::now() < drain_until) {
            drain.expires_after(std::chrono::milliseconds(20));
            co_await drain.async_wait(nothrow);
        }
        if (!done_ && received_ < sent_) st_.result.errors["timeout"] += sent_ - received_;
        finish();
    }

    awaitable<void> receive() {
        std::vector<char> chunk(65536);
        sequence_check check(id_);
        while (!done_) {
            while (auto f = reader_.next()) on_echo(*f, check, clock::now());
            if (reader_.error() != ws::violation::none) {
                st_.error("protocol");
                break;
            }
            auto [ec, n] = co_await stream_->read_some(asio::buffer(chunk));
            if (ec) {
                if (!done_) st_.error(classify(ec));
                break;
            }
            reader_.feed(chunk.data(), n);
        }
        done_ = true;
    }

    void on_echo(const ws::frame& f, sequence_check& check, clock::time_point now) {
        if (f.header.opcode == ws::op::close) {
            const auto info = ws::parse_close_payload(f.payload);
            st_.error("close_" + std::to_string(info && info->code ? *info->code : 1005));
            done_ = true;
            return;
        }
        if (ws::is_control(f.header.opcode)) return;
        // A TLS 1.3 server sends its session ticket after the handshake.
        if (received_ == 0) keep_session();
        ++received_;
        const auto s = read_payload(f.payload);
        if (check.judge(s) != verdict::in_order) {
            st_.error("integrity");
            return;
        }
        const clock::time_point intended{std::chrono::duration_cast<clock::duration>(std::chrono::nanoseconds(s->intended_ns))};
        if (intended < plan_.measure_from || intended >= plan_.measure_until) return;
        ++st_.result.messages;
        ++st_.messages_now;
        const auto corrected = micros(now - intended);
        st_.result.latency.record(corrected);
        {
            std::lock_guard lock(st_.second_mutex);
            st_.second_latency.record(corrected);
        }
        // Intervals by intended send time: each second of the window holds
        // exactly the messages scheduled in it, late echoes included.
        const auto second = static_cast<std::size_t>((intended - plan_.measure_from) / std::chrono::seconds(1));
        if (st_.result.intervals.size() <= second) st_.result.intervals.resize(second + 1);
        ++st_.result.intervals[second][histogram::slot_of(corrected)];
        st_.result.latency_uncorrected.record(micros(now - sent_at_[s->sequence % sent_at_.size()]));
    }

    // The closed model: the next message goes when the echo of the last one arrived.
    awaitable<void> closed_loop() {
        std::vector<char> chunk(65536);
        sequence_check check(id_);
        for (std::uint64_t seq = 0; clock::now() < plan_.measure_until && !reached_count(seq); ++seq) {
            const auto now = clock::now();
            const auto frame = next_frame(seq, now);
            sent_at_[seq % sent_at_.size()] = now;
            auto [ec, n] = co_await stream_->write(asio::buffer(frame));
            if (ec) {
                st_.error(classify(ec));
                break;
            }
            const auto before = received_;
            while (received_ == before && !done_) {
                while (auto f = reader_.next()) on_echo(*f, check, clock::now());
                if (received_ != before || done_) break;
                auto [rec, rn] = co_await stream_->read_some(asio::buffer(chunk));
                if (rec) {
                    st_.error(classify(rec));
                    done_ = true;
                    break;
                }
                reader_.feed(chunk.data(), rn);
            }
            if (done_) break;
        }
        finish();
    }

    void keep_session() {
        if (!plan_.options.tls_resume || st_.session || !stream_ || !stream_->is_tls()) return;
        SSL_SESSION* s = SSL_get1_session(stream_->tls().native_handle());
        if (s && SSL_SESSION_is_resumable(s)) st_.session.reset(s);
        else if (s) SSL_SESSION_free(s);
    }

    bool reached_count(std::uint64_t seq) const {
        return plan_.options.messages_per_connection > 0 && seq >= plan_.options.messages_per_connection;
    }

    void finish() {
        done_ = true;
        if (stream_) stream_->close();
    }

    const plan& plan_;
    thread_state& st_;
    std::uint32_t id_;
    asio::any_io_executor executor_;
    std::unique_ptr<any_stream> stream_;
    ws::frame_reader reader_;
    std::string payload_;
    std::vector<clock::time_point> sent_at_;
    std::uint64_t sent_ = 0;
    std::uint64_t received_ = 0;
    bool done_ = false;
};

}  // namespace

load_options share_of(const load_options& whole, unsigned index, unsigned agents) {
    auto share = whole;
    const auto first = static_cast<std::uint32_t>(std::uint64_t{whole.connections} * index / agents);
    const auto end = static_cast<std::uint32_t>(std::uint64_t{whole.connections} * (index + 1) / agents);
    share.first_id = whole.first_id + first;
    share.connections = end - first;
    const double part = whole.connections ? static_cast<double>(share.connections) / whole.connections : 0;
    share.rate = whole.rate * part;
    share.ramp = whole.ramp * part;
    return share;
}

load_result run_load(const load_options& o, const std::function<void(const second_sample&)>& progress,
                     const std::function<bool()>& interrupted) {
    std::unique_ptr<asio::ssl::context> tls;
    if (o.target.tls)
        tls = std::make_unique<asio::ssl::context>(
            tls::make_client_context({.ca_file = o.target.ca_file, .verify = !o.target.ca_file.empty()}));
    const auto ramp_time = o.ramp > 0 ? std::chrono::duration_cast<clock::duration>(
                                            std::chrono::duration<double>(o.connections / o.ramp))
                                      : clock::duration::zero();
    const auto launched = clock::now();
    const auto start = launched + ramp_time;
    plan p{o, launched, start, start + o.warmup, start + o.warmup + o.duration, tls.get(),
           "GET " + o.target.path + " HTTP/1.1\r\nHost: " + o.target.host_header +
               "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"};
    const unsigned threads = std::max(1u, o.threads);
    std::vector<std::unique_ptr<thread_state>> states;
    std::vector<std::unique_ptr<asio::io_context>> contexts;
    for (unsigned t = 0; t < threads; ++t) {
        states.push_back(std::make_unique<thread_state>());
        contexts.push_back(std::make_unique<asio::io_context>(1));
    }
    for (std::uint32_t i = 0; i < o.connections; ++i) {
        auto& ioc = *contexts[i % threads];
        ++states[i % threads]->assigned;
        auto c = std::make_shared<load_connection>(p, *states[i % threads], o.first_id + i, ioc.get_executor());
        const auto delay = o.ramp > 0 ? std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(i / o.ramp))
                                      : clock::duration::zero();
        asio::co_spawn(ioc, [c, delay] { return c->run(delay); }, asio::detached);
    }
    const auto hard_stop = p.measure_until + o.linger;
    std::vector<std::thread> workers;
    // run_until returning at the hard stop leaves the context unstopped, with
    // work still pending (a handshake the peer never answers): stop() marks
    // it ended for the loop below, which otherwise would wait for ever.
    for (auto& ioc : contexts)
        workers.emplace_back([&ioc, hard_stop] {
            ioc->run_until(hard_stop);
            ioc->stop();
        });

    load_result total;
    const auto began = clock::now();
    std::uint64_t last_messages = 0, last_errors = 0;
    auto next_tick = began + std::chrono::seconds(1);
    while (true) {
        bool running = false;
        for (auto& ioc : contexts) running = running || !ioc->stopped();
        if (!running) break;
        std::this_thread::sleep_until(std::min(next_tick, clock::now() + std::chrono::milliseconds(100)));
        if (interrupted && interrupted()) {
            for (auto& ioc : contexts) ioc->stop();
            break;
        }
        if (clock::now() < next_tick) continue;
        next_tick += std::chrono::seconds(1);
        second_sample s;
        s.at_s = std::chrono::duration<double>(clock::now() - began).count();
        std::uint64_t messages = 0, errors = 0;
        histogram second;
        for (auto& st : states) {
            messages += st->messages_now;
            errors += st->errors_now;
            s.open += st->open_now;
            std::lock_guard lock(st->second_mutex);
            second.merge(st->second_latency);
            st->second_latency.reset();
        }
        s.p50_us = second.percentile(50);
        s.p99_us = second.percentile(99);
        s.messages = messages - last_messages;
        s.errors = errors - last_errors;
        last_messages = messages;
        last_errors = errors;
        total.timeline.push_back(s);
        if (progress) progress(s);
    }
    for (auto& w : workers) w.join();
    const auto ended = std::min(clock::now(), p.measure_until);
    for (auto& st : states) {
        // A connection still opening at the hard stop (a handshake the peer
        // never answered) failed by timeout, not silently.
        if (st->assigned > st->settled) st->result.errors["timeout"] += st->assigned - st->settled;
        total.merge(st->result);
        if (st->result.connected)
            total.handshake_seconds =
                std::max(total.handshake_seconds, std::chrono::duration<double>(st->last_upgrade - launched).count());
    }
    total.connections = o.connections;
    total.measure_start_epoch_s =
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count() -
        std::chrono::duration<double>(clock::now() - p.measure_from).count();
    total.seconds = std::chrono::duration<double>(std::max(ended - p.measure_from, clock::duration::zero())).count();
    return total;
}

}  // namespace wsgate::load
