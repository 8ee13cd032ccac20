// The WebSocket part of a connection, at the frame level: every data frame is
// echoed as received (opcode, FIN, RSV bits, payload), pings get pongs, a
// close gets its code back (RFC 6455 §5.5.1), and wsgate: control messages
// are answered instead of echoed. A reader and a writer coroutine share the
// connection's strand; the writer sends queued frames in order, each when due.
#pragma once

#include "connection_registry.hpp"
#include "control.hpp"
#include "echo_stream.hpp"
#include "introspection.hpp"
#include "listener_context.hpp"
#include "wsgate/frame.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace wsgate::echo {

class websocket_session : public connection, public std::enable_shared_from_this<websocket_session> {
public:
    // pending_input: bytes that arrived behind the handshake request.
    websocket_session(echo_stream stream, std::string_view pending_input, const listener_context& context,
                      peer_info peer, request_info request, bool deflate);
    ~websocket_session() override;

    void start();
    // Close 1001 ("going away"), then end the connection shortly.
    void stop() override;

private:
    using clock = std::chrono::steady_clock;
    struct outgoing {
        std::string bytes;
        clock::time_point due;
        bool close = false;
    };

    net::awaitable<void> read_loop();
    net::awaitable<void> write_loop();
    net::awaitable<void> watch_while_stalled();
    net::awaitable<void> finish();

    // Each returns false when reading has to stop.
    bool on_frame(ws::frame f);
    bool on_command(const control::command& command);
    std::optional<control::command> command_in(const ws::frame& f) const;

    void send(ws::frame_header h, std::string_view payload, clock::duration delay = {}, bool close = false);
    void send_text(std::string_view text);
    void start_close(std::optional<std::uint16_t> code, std::string_view reason,
                     std::chrono::milliseconds wait);
    void arm_close_timer(std::chrono::milliseconds wait);
    void fail(ws::violation v);
    void abort();
    void lose_connection();
    bool peer_still_connected();
    void log(std::string_view what) const;

    echo_stream stream_;
    net::any_io_executor executor_;
    const listener_context& context_;
    peer_info peer_;
    request_info request_;
    ws::frame_reader reader_;
    frame_log frames_;
    std::deque<outgoing> queue_;
    std::size_t queued_bytes_ = 0;
    net::steady_timer writer_wake_;  // something was queued, or reading ended
    net::steady_timer reader_wake_;  // the queue shrank below the back-pressure limit
    net::steady_timer close_timer_;  // how long our close frame waits for the client's
    std::chrono::milliseconds delay_{0};
    std::chrono::milliseconds close_wait_{0};
    std::uint64_t registry_key_ = 0;
    bool close_sent_ = false;  // a close frame is queued; no frame may follow it
    bool close_written_ = false;
    bool reading_done_ = false;
    bool writing_done_ = false;
    bool stalled_ = false;
    bool lost_ = false;  // reset, aborted or timed out: no polite shutdown
    bool finished_ = false;
};

}  // namespace wsgate::echo
