// One scripted client connection: the handshake as bytes on the wire, then
// frames with the shared codec, so a scenario can send anything (invalid
// frames included) and see exactly what came back, with timestamps.
#pragma once

#include "client/http_response.hpp"
#include "client/transport.hpp"

#include "wsgate/frame.hpp"

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace wsgate::client {

// The largest message a scripted client takes, read or inflated: far above
// any scenario's, short of exhausting memory.
inline constexpr std::uint64_t max_message_size = 1ull << 30;

// A summary line quotes this many payload bytes: enough to recognise the
// payload, short enough for one line of the transcript.
inline constexpr std::size_t summary_payload_bytes = 60;

struct received_frame {
    ws::frame frame;
    clock::time_point at;
};

struct wire_event {
    enum class direction { sent, received, note };
    clock::time_point at;
    direction dir;
    std::string summary;  // one line: "GET /ws/ HTTP/1.1", "text fin 5 B: hello", "TCP closed"
    std::string bytes;    // the first bytes on the wire (bounded), for the transcript
};

class connection : public std::enable_shared_from_this<connection> {
public:
    enum class state { idle, connecting, handshaking, open, http, failed, closed };

    connection(asio::io_context& ioc, std::string name);
    ~connection();

    // Connects, sends request_bytes, reads the response head. If it is a 101
    // the connection speaks WebSocket afterwards, otherwise it stays HTTP
    // (more responses may follow: pipelining, smuggling attempts).
    void start_handshake(const endpoint& ep, std::string request_bytes);
    // Connects only; what arrives is kept as raw bytes and parsed as HTTP
    // responses when it looks like one.
    void start_raw(const endpoint& ep);

    // Queued in order; frames are masked by the caller's header (see
    // client_frame()).
    void send_bytes(std::string bytes, std::string summary);
    void send_frame(const ws::frame_header& header, std::string_view payload);
    void shutdown_send();
    void reset();
    void close();

    const std::string& name() const { return name_; }
    state current() const { return state_; }
    bool connected() const { return state_ == state::open || state_ == state::http; }
    bool finished_connecting() const { return state_ != state::idle && state_ != state::connecting && state_ != state::handshaking; }
    const std::string& error() const { return error_; }

    // HTTP responses received so far; the first answers the handshake.
    const std::vector<http_response>& responses() const { return responses_; }
    // Frames not yet taken by an expectation.
    std::deque<received_frame>& frames() { return frames_; }
    // Set when the server's frames broke RFC 6455 (masked, bad opcode, ...).
    ws::violation protocol_error() const { return protocol_error_; }

    bool peer_closed() const { return eof_; }
    bool was_reset() const { return reset_by_peer_; }
    const std::string& raw_received() const { return raw_in_; }

    const transport& stream() const { return *transport_; }
    std::chrono::microseconds upgrade_time() const { return upgrade_time_; }
    const std::vector<wire_event>& transcript() const { return transcript_; }
    clock::time_point created() const { return created_; }

private:
    void do_connect(const endpoint& ep);
    void on_connect(boost::system::error_code ec, const std::string& what);
    void do_read();
    void on_read(boost::system::error_code ec, std::size_t n);
    void consume_http();
    void consume_frames();
    void do_write();
    void on_write(boost::system::error_code ec);
    void note(wire_event::direction dir, std::string summary, std::string_view bytes = {});

    std::string name_;
    std::shared_ptr<transport> transport_;
    state state_ = state::idle;
    bool raw_mode_ = false;
    std::string error_;
    std::string request_;
    clock::time_point created_;
    clock::time_point request_sent_;
    std::chrono::microseconds upgrade_time_{0};

    std::vector<char> read_buffer_;
    std::string raw_in_;
    std::string http_in_;
    response_reader response_reader_;
    std::vector<http_response> responses_;
    ws::frame_reader frame_reader_;
    std::deque<received_frame> frames_;
    ws::violation protocol_error_ = ws::violation::none;
    bool deflate_ = false;
    bool eof_ = false;
    bool reset_by_peer_ = false;

    std::deque<std::shared_ptr<const std::string>> write_queue_;
    bool writing_ = false;
    std::vector<wire_event> transcript_;
};

// A client frame header: masked with a fresh random key (§5.3).
ws::frame_header client_frame(std::uint8_t opcode, bool fin = true);

// "text fin 5 B: hello" — what the transcript shows for a frame.
std::string describe_frame(const ws::frame_header& h, std::string_view payload);

}  // namespace wsgate::client
