#include "websocket_session.hpp"

#include "wsgate/generated.hpp"

#include "log.hpp"
#include "spawn.hpp"
#include "wsgate/deflate.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <vector>

namespace wsgate::echo {

namespace {

constexpr auto nothrow = net::as_tuple(net::use_awaitable);
constexpr std::size_t read_chunk = 64 * 1024;
// The reader pauses while this much waits to be written, so a client that
// sends faster than it reads cannot make the backend buffer without bound.
constexpr std::size_t backlog_limit = 8 << 20;
constexpr auto close_reply_wait = std::chrono::seconds(2);
constexpr auto stop_close_wait = std::chrono::milliseconds(700);
constexpr auto shutdown_timeout = std::chrono::milliseconds(500);
constexpr auto stall_poll = std::chrono::milliseconds(200);
// Control messages are short; longer compressed text is not worth inflating.
constexpr std::size_t max_compressed_command = 4096;
constexpr std::size_t max_command = 512;

template <class... Ts>
struct overloaded : Ts... {
    using Ts::operator()...;
};

net::awaitable<void> wait_for_notice(net::steady_timer& timer) {
    timer.expires_at(net::steady_timer::time_point::max());
    co_await timer.async_wait(nothrow);
}

}  // namespace

websocket_session::websocket_session(echo_stream stream, std::string_view pending_input,
                                     const listener_context& context, peer_info peer, request_info request,
                                     bool deflate)
    : stream_(std::move(stream)),
      executor_(stream_.get_executor()),
      context_(context),
      peer_(std::move(peer)),
      request_(std::move(request)),
      reader_(ws::role::server, context.max_message, deflate),
      writer_wake_(executor_),
      reader_wake_(executor_),
      close_timer_(executor_) {
    reader_.feed(pending_input.data(), pending_input.size());
}

websocket_session::~websocket_session() { context_.registry->remove(registry_key_); }

void websocket_session::start() {
    registry_key_ = context_.registry->add(weak_from_this());
    spawn(executor_, [self = shared_from_this()] { return self->read_loop(); });
    spawn(executor_, [self = shared_from_this()] { return self->write_loop(); });
}

void websocket_session::stop() {
    net::post(executor_, [self = shared_from_this()] {
        if (self->lost_ || self->finished_) return;
        // Delayed echoes go now, so the close frame is not held up behind them.
        for (auto& item : self->queue_) item.due = {};
        self->close_wait_ = std::min<std::chrono::milliseconds>(self->close_wait_, stop_close_wait);
        if (!self->close_sent_)
            self->start_close(1001, "going away", stop_close_wait);
        else if (self->close_written_ && !self->reading_done_)
            self->arm_close_timer(self->close_wait_);
        self->writer_wake_.cancel();
    });
}

void websocket_session::log(std::string_view what) const {
    log_line(peer_.label() + ": " + std::string(what));
}

net::awaitable<void> websocket_session::read_loop() {
    std::vector<char> chunk(read_chunk);
    for (bool reading = true; reading;) {
        while (reading) {
            auto f = reader_.next();
            if (!f) break;
            reading = on_frame(std::move(*f));
        }
        if (!reading || lost_) break;
        if (reader_.error() != ws::violation::none) {
            fail(reader_.error());
            break;
        }
        if (queued_bytes_ > backlog_limit) {
            co_await wait_for_notice(reader_wake_);
            continue;
        }
        auto [ec, n] = co_await stream_.async_read_some(net::buffer(chunk), nothrow);
        if (ec) {
            lose_connection();
            break;
        }
        reader_.feed(chunk.data(), n);
    }
    if (stalled_ && !lost_) co_await watch_while_stalled();
    reading_done_ = true;
    writer_wake_.cancel();
    co_await finish();
}

net::awaitable<void> websocket_session::write_loop() {
    while (!lost_ && !close_written_) {
        if (queue_.empty()) {
            if (reading_done_) break;
            co_await wait_for_notice(writer_wake_);
            continue;
        }
        if (queue_.front().due > clock::now()) {
            writer_wake_.expires_at(queue_.front().due);
            co_await writer_wake_.async_wait(nothrow);
            continue;
        }
        auto item = std::move(queue_.front());
        queue_.pop_front();
        queued_bytes_ -= item.bytes.size();
        reader_wake_.cancel();
        auto [ec, n] = co_await net::async_write(stream_, net::buffer(item.bytes), nothrow);
        if (ec) {
            lose_connection();
            break;
        }
        if (item.close) {
            close_written_ = true;
            if (!reading_done_) arm_close_timer(close_wait_);
        }
    }
    writing_done_ = true;
    co_await finish();
}

// A stalled connection reads nothing, so only the socket's TCP state tells
// when the peer has gone (FIN or RST moves it out of ESTABLISHED).
net::awaitable<void> websocket_session::watch_while_stalled() {
    net::steady_timer poll(executor_);
    while (!lost_ && !close_written_) {
        if (!peer_still_connected()) {
            lose_connection();
            break;
        }
        poll.expires_after(stall_poll);
        co_await poll.async_wait(nothrow);
    }
}

bool websocket_session::peer_still_connected() {
    tcp_info info{};
    socklen_t size = sizeof info;
    const int fd = stream_.socket().native_handle();
    if (::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &size) != 0) return false;
    return info.tcpi_state == TCP_ESTABLISHED;
}

net::awaitable<void> websocket_session::finish() {
    if (!reading_done_ || !writing_done_ || finished_) co_return;
    finished_ = true;
    close_timer_.cancel();
    if (lost_) {
        boost::system::error_code ignored;
        stream_.socket().close(ignored);
        co_return;
    }
    co_await stream_.shutdown(shutdown_timeout);
}

bool websocket_session::on_frame(ws::frame f) {
    frames_.record(f.header);
    switch (f.header.opcode) {
        case ws::op::close:
            // §5.5.1: answer with the code received (the reader refused invalid payloads).
            if (!close_sent_) start_close(ws::parse_close_payload(f.payload)->code, {}, {});
            return false;
        case ws::op::ping:
            if (!close_sent_) send({.opcode = ws::op::pong}, f.payload);
            return true;
        case ws::op::pong:
            return true;
    }
    // §5.5.1: after our close frame no data is sent, so none is answered.
    if (close_sent_) return true;
    if (auto command = command_in(f)) return on_command(*command);
    send(f.header, f.payload, delay_);
    return true;
}

std::optional<control::command> websocket_session::command_in(const ws::frame& f) const {
    if (f.header.opcode != ws::op::text || !f.header.fin) return std::nullopt;
    if (!f.header.rsv1) return control::parse(f.payload);
    if (f.payload.size() > max_compressed_command) return std::nullopt;
    // Negotiation always asks for client_no_context_takeover, so each message
    // inflates alone; the largest window reads any the client chose.
    const auto text = ws::inflater(ws::max_window_bits, true).inflate(f.payload, max_command);
    return text ? control::parse(*text) : std::nullopt;
}

bool websocket_session::on_command(const control::command& command) {
    return std::visit(
        overloaded{
            [&](const control::show_request&) {
                send_text(request_json(peer_, request_));
                return true;
            },
            [&](const control::show_frames&) {
                send_text(frames_.json());
                return true;
            },
            [&](const control::close_connection& c) {
                start_close(c.code, c.reason, close_reply_wait);
                return true;
            },
            [&](const control::abort_connection&) {
                abort();
                return false;
            },
            [&](const control::send_message& m) {
                if (m.size > context_.max_message)
                    send_text("wsgate:error wsgate:send size is over --max-message");
                else
                    send({.opcode = m.binary ? ws::op::binary : ws::op::text},
                         generated_payload(m.size, m.binary));
                return true;
            },
            [&](const control::send_ping& p) {
                send({.opcode = ws::op::ping}, p.payload);
                return true;
            },
            [&](const control::delay_echoes& d) {
                delay_ = d.delay;
                return true;
            },
            [&](const control::stall_reading&) {
                stalled_ = true;
                return false;
            },
            [&](const control::invalid& i) {
                send_text("wsgate:error " + i.reason);
                return true;
            },
        },
        command);
}

void websocket_session::send(ws::frame_header h, std::string_view payload, clock::duration delay,
                             bool close) {
    h.masked = false;
    auto bytes = ws::encode_frame(h, payload);
    queued_bytes_ += bytes.size();
    queue_.push_back({std::move(bytes), clock::now() + delay, close});
    writer_wake_.cancel();
}

void websocket_session::send_text(std::string_view text) { send({.opcode = ws::op::text}, text); }

void websocket_session::start_close(std::optional<std::uint16_t> code, std::string_view reason,
                                    std::chrono::milliseconds wait) {
    close_sent_ = true;
    close_wait_ = wait;
    send({.opcode = ws::op::close}, code ? ws::close_payload(*code, reason) : std::string(), {}, true);
}

void websocket_session::arm_close_timer(std::chrono::milliseconds wait) {
    close_timer_.expires_after(wait);
    close_timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
        if (!ec && !self->reading_done_) self->lose_connection();
    });
}

void websocket_session::fail(ws::violation v) {
    log("closing with " + std::to_string(ws::close_code_for(v)) + ": " + std::string(ws::describe(v)));
    if (!close_sent_) start_close(ws::close_code_for(v), ws::describe(v), {});
}

void websocket_session::abort() {
    lose_connection();
    stream_.reset();
}

void websocket_session::lose_connection() {
    lost_ = true;
    queue_.clear();
    queued_bytes_ = 0;
    boost::system::error_code ignored;
    stream_.socket().cancel(ignored);
    writer_wake_.cancel();
    reader_wake_.cancel();
}

}  // namespace wsgate::echo
