#include "load/load_connection.hpp"

#include "load/pacer.hpp"
#include "load/payload.hpp"
#include "load/send_wheel.hpp"

#include "wsgate/any_stream.hpp"
#include "wsgate/frame.hpp"
#include "wsgate/tls.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/steady_timer.hpp>

#include <optional>
#include <random>
#include <vector>

namespace wsgate::load {

namespace {

using asio::awaitable;

// Bigger echoes are not the generator's (it sends at most 16 MiB): a protocol error.
constexpr std::uint64_t max_echo_message = std::uint64_t{1} << 30;
constexpr std::size_t head_read_size = 4096;
// Send times kept for the uncorrected latency, per connection: a message more
// than this many behind its echo gets no uncorrected sample (the corrected
// latency, the one reported, is always taken).
constexpr std::size_t max_in_flight = 4096;
// A prime spreads the connections' send phases over the interval.
constexpr std::uint64_t phase_seed_prime = 7919;
// Framed messages a connection holds while its socket takes no more, and
// how soon the wheel asks it again.
constexpr std::size_t max_pending_bytes = 4 * 1024 * 1024;
constexpr auto backlog_retry = std::chrono::milliseconds(1);
// After the last send, echoes still on their way get this long.
constexpr auto drain_limit = std::chrono::seconds(2);
constexpr auto drain_poll = std::chrono::milliseconds(20);

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

// OpenSSL's reason for a failed handshake, with the certificate check's
// verdict when that is what failed ("certificate verify failed: unable to get
// local issuer certificate").
std::string tls_reason(const boost::system::error_code& ec, SSL* ssl) {
    std::string reason = ec.message();
    if (const long verify = SSL_get_verify_result(ssl); verify != X509_V_OK)
        reason += ": " + std::string(X509_verify_cert_error_string(verify));
    return reason;
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

class load_connection : public paced_sender, public std::enable_shared_from_this<load_connection> {
public:
    load_connection(const plan& p, thread_state& st, std::uint32_t id, asio::any_io_executor ex)
        : plan_(p), st_(st), id_(id), executor_(ex), reader_(ws::role::client, max_echo_message), sent_at_(max_in_flight),
          check_(id) {}

    // The open model, called by the thread's wheel: every message due by
    // now is framed into the pending bytes, which go out at once when a
    // plain socket takes them, else by the one write in flight.
    std::optional<clock::time_point> send_due(clock::time_point now) override {
        while (!done_) {
            const auto intended = pace_->intended(next_seq_);
            if (intended >= plan_.measure_until || reached_count(next_seq_)) {
                flush();
                start_drain();
                return std::nullopt;
            }
            if (intended > now) {
                flush();
                return intended;
            }
            // A peer that stopped reading: the messages stay due (their
            // latency counts from their intended times) until it takes more.
            if (pending_.size() >= max_pending_bytes) {
                flush();
                return now + backlog_retry;
            }
            pending_ += next_frame(next_seq_, intended);
            sent_at_[next_seq_ % sent_at_.size()] = {next_seq_, now};
            sent_ = ++next_seq_;
        }
        return std::nullopt;
    }

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
        if (plan_.options.rate == 0) co_return co_await closed_loop();
        // The open model lives on in the wheel's calls and the receiver's handlers.
        boost::system::error_code ignored;
        if (!stream_->is_tls()) stream_->socket().non_blocking(true, ignored);
        const auto& o = plan_.options;
        std::mt19937_64 rng(id_ * phase_seed_prime + 1);
        const auto interval = interval_for(o.rate, o.connections);
        const auto phase =
            std::chrono::nanoseconds(static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(interval.count())));
        pace_.emplace(std::max(clock::now(), plan_.start), interval, phase);
        receive_echoes();
        st_.wheel->add(shared_from_this(), pace_->intended(0));
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
                st_.error(classify(ec), ec.message());
                co_return false;
            }
        }
        const auto t0 = clock::now();
        auto [cec] = co_await socket.async_connect({address, o.target.port}, nothrow);
        if (cec) {
            st_.error(classify(cec), cec.message());
            co_return false;
        }
        socket.set_option(tcp::no_delay(true), ec);
        const auto t1 = clock::now();
        st_.result.tcp.record(micros(t1 - t0));
        if (plan_.tls) {
            stream_ = std::make_unique<any_stream>(std::move(socket), *plan_.tls);
            SSL* ssl = stream_->tls().native_handle();
            tls::prepare_client(ssl, o.target.host_header, !o.target.insecure);
            if (o.tls_resume && st_.session) SSL_set_session(ssl, st_.session.get());
            auto [hec] = co_await stream_->tls().async_handshake(asio::ssl::stream_base::client, nothrow);
            if (hec) {
                st_.error("tls", tls_reason(hec, ssl));
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
            st_.error(classify(wec), wec.message());
            co_return false;
        }
        std::string head;
        std::vector<char> chunk(head_read_size);
        while (head.find("\r\n\r\n") == std::string::npos) {
            if (head.size() > max_response_head) {
                st_.error("malformed_response");
                co_return false;
            }
            auto [rec, n] = co_await stream_->read_some(asio::buffer(chunk));
            if (rec) {
                st_.error(classify(rec), rec.message());
                co_return false;
            }
            head.append(chunk.data(), n);
        }
        if (!head.starts_with("HTTP/1.1 101")) {
            st_.error(status_class(head), head.substr(0, head.find("\r\n")));
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

    // Writes the pending bytes: at once as far as a plain socket takes
    // them, the rest (and TLS) by one async write, after which what became
    // pending meanwhile follows.
    void flush() {
        if (writing_ || pending_.empty() || done_) return;
        if (!stream_->is_tls()) {
            boost::system::error_code ec;
            const auto n = stream_->socket().write_some(asio::buffer(pending_), ec);
            if (ec && ec != asio::error::would_block) return fail(ec);
            pending_.erase(0, ec ? 0 : n);
            if (pending_.empty()) return;
        }
        writing_ = true;
        in_flight_.swap(pending_);
        stream_->async_write(asio::buffer(in_flight_),
                             [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                                 self->writing_ = false;
                                 self->in_flight_.clear();
                                 if (ec) return self->fail(ec);
                                 self->flush();
                             });
    }

    void fail(const boost::system::error_code& ec) {
        if (!done_) st_.error(classify(ec), ec.message());
        finish();
    }

    // After the last send, echoes still on their way get drain_limit.
    void start_drain() {
        if (draining_ || done_) return;
        draining_ = true;
        asio::co_spawn(executor_, [self = shared_from_this()] { return self->drain(); }, asio::detached);
    }

    awaitable<void> drain() {
        asio::steady_timer wait(executor_);
        const auto until = clock::now() + drain_limit;
        while (!done_ && (received_ < sent_ || writing_) && clock::now() < until) {
            wait.expires_after(drain_poll);
            co_await wait.async_wait(nothrow);
        }
        if (!done_ && received_ < sent_) st_.result.errors["timeout"] += sent_ - received_;
        finish();
    }

    // The open model's receiver: it waits for the socket to be readable and
    // then reads once into the thread's buffer (a read that finds nothing is
    // a system call wasted), checking every echo that arrived.
    void receive_echoes() {
        while (auto f = reader_.next()) on_echo(*f, clock::now());
        if (reader_.error() != ws::violation::none) {
            st_.error("protocol");
            return finish();
        }
        // A close from the peer ends the connection here.
        if (done_) return finish();
        stream_->async_wait_readable([self = shared_from_this()](boost::system::error_code ec) {
            if (ec) return self->fail(ec);
            if (self->done_) return;
            auto& buffer = self->st_.read_buffer;
            boost::system::error_code rec;
            const auto n = self->stream_->read_now(asio::buffer(buffer), rec);
            if (rec == asio::error::would_block) return self->receive_echoes();
            if (rec) return self->fail(rec);
            self->reader_.feed(buffer.data(), n);
            self->receive_echoes();
        });
    }

    // Reads once into the frame reader; false (and the error counted, unless
    // the connection was already done) when the connection ended.
    awaitable<bool> read_more(std::vector<char>& chunk) {
        auto [ec, n] = co_await stream_->read_some(asio::buffer(chunk));
        if (ec) {
            if (!done_) st_.error(classify(ec), ec.message());
            co_return false;
        }
        reader_.feed(chunk.data(), n);
        co_return true;
    }

    void on_echo(const ws::frame& f, clock::time_point now) {
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
        if (check_.judge(s) != verdict::in_order) {
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
        if (const auto& sent = sent_at_[s->sequence % sent_at_.size()]; sent.sequence == s->sequence)
            st_.result.latency_uncorrected.record(micros(now - sent.at));
    }

    // The closed model: the next message goes when the echo of the last one arrived.
    awaitable<void> closed_loop() {
        std::vector<char> chunk(echo_read_size);
        for (std::uint64_t seq = 0; clock::now() < plan_.measure_until && !reached_count(seq); ++seq) {
            const auto now = clock::now();
            const auto frame = next_frame(seq, now);
            sent_at_[seq % sent_at_.size()] = {seq, now};
            auto [ec, n] = co_await stream_->write(asio::buffer(frame));
            if (ec) {
                st_.error(classify(ec), ec.message());
                break;
            }
            const auto before = received_;
            while (received_ == before && !done_) {
                while (auto f = reader_.next()) on_echo(*f, clock::now());
                if (received_ != before || done_) break;
                if (reader_.error() != ws::violation::none) {
                    st_.error("protocol");
                    done_ = true;
                    break;
                }
                if (!co_await read_more(chunk)) {
                    done_ = true;
                    break;
                }
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
        if (finished_) return;
        finished_ = true;
        --st_.open_now;
        if (stream_) stream_->close();
    }

    const plan& plan_;
    thread_state& st_;
    std::uint32_t id_;
    asio::any_io_executor executor_;
    std::unique_ptr<any_stream> stream_;
    ws::frame_reader reader_;
    std::string payload_;
    struct sent_slot {
        std::uint64_t sequence = UINT64_MAX;
        clock::time_point at;
    };
    std::vector<sent_slot> sent_at_;
    std::uint64_t sent_ = 0;
    std::uint64_t received_ = 0;
    bool done_ = false;
    bool finished_ = false;
    sequence_check check_;
    // The open model's state.
    std::optional<pacer> pace_;
    std::uint64_t next_seq_ = 0;
    std::string pending_;    // framed, not yet handed to the socket
    std::string in_flight_;  // the bytes of the write in flight
    bool writing_ = false;
    bool draining_ = false;
};

}  // namespace

void spawn_connection(const plan& p, thread_state& st, std::uint32_t id, boost::asio::any_io_executor executor,
                      clock::duration start_delay) {
    auto c = std::make_shared<load_connection>(p, st, id, executor);
    asio::co_spawn(executor, [c, start_delay] { return c->run(start_delay); }, asio::detached);
}

}  // namespace wsgate::load
