// The primitives scenario steps are made of: open a connection, wait for a
// message, a control frame, the close, or for nothing at all, each with a
// deadline. They throw step_failure with expected and actual on timeout.
#pragma once

#include "engine/case_state.hpp"

#include <boost/json/value.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace wsgate::engine {

using ms = std::chrono::milliseconds;

// Pumps the case's io_context until the connection has its handshake
// answer (or failed). Records the handshake time.
void wait_handshake(case_state& s, const std::string& name, ms within);

struct message {
    std::uint8_t opcode = 0;  // text or binary
    std::string payload;      // inflated when it came compressed
    std::size_t frames = 0;   // how many frames carried it
    bool compressed = false;  // RSV1 on its first frame
    clock::time_point at;
};

// The next whole data message; control frames that arrive in between stay
// queued for expect-control steps.
message take_message(case_state& s, const std::string& name, ms within);

// The next control frame of this opcode (ping, pong, close); data frames
// before it are an error.
ws::frame take_control(case_state& s, const std::string& name, std::uint8_t opcode, ms within);

// The peer closed TCP (FIN or RST) within the time.
void wait_tcp_closed(case_state& s, const std::string& name, ms within);

// Lets the connections run for a while (the sleep step).
void pause(case_state& s, ms how_long);

// Nothing arrives on the connection for the whole time.
void expect_silence(case_state& s, const std::string& name, ms how_long);

// Sends a control message to the backend behind the connection and returns
// its JSON reply. Skips the case on targets without wsgate backends.
boost::json::value ask_backend(case_state& s, const std::string& name, const std::string& control, ms within);

// Failure messages quote this many bytes of a payload by default: enough to
// recognise it on one line of a report.
inline constexpr std::size_t preview_bytes = 80;

// A short printable rendering of a payload for failure messages.
std::string preview(std::string_view payload, std::size_t max = preview_bytes);

}  // namespace wsgate::engine
