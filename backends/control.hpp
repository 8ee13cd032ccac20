// The backend control protocol of docs/architecture.md: a text message sent in one frame
// that starts with "wsgate:" asks the backend something or makes it misbehave
// on purpose. Everything else is echoed.
#pragma once

#include "wsgate/frame.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace wsgate::echo::control {

inline constexpr std::string_view prefix = "wsgate:";

// Control frames carry at most 125 bytes (RFC 6455 §5.5), a close code takes 2.
inline constexpr std::size_t max_ping_payload = ws::max_control_payload;
inline constexpr std::size_t max_close_reason = ws::max_control_payload - sizeof(std::uint16_t);
inline constexpr std::chrono::milliseconds max_delay = std::chrono::hours(1);

// wsgate:request
struct show_request {};
// wsgate:frames
struct show_frames {};
// wsgate:close [CODE [REASON]]; no code sends an empty close frame. Any
// 16-bit code is sent as asked, so invalid codes can be injected too.
struct close_connection {
    std::optional<std::uint16_t> code;
    std::string reason;
};
// wsgate:abort
struct abort_connection {};
// wsgate:send N text|binary
struct send_message {
    std::uint64_t size = 0;
    bool binary = false;
};
// wsgate:ping [PAYLOAD]
struct send_ping {
    std::string payload;
};
// wsgate:delay MS
struct delay_echoes {
    std::chrono::milliseconds delay{0};
};
// wsgate:stall
struct stall_reading {};
// Starts with the prefix but is not one of the above; reason says why.
struct invalid {
    std::string reason;
};

using command = std::variant<show_request, show_frames, close_connection, abort_connection, send_message,
                             send_ping, delay_echoes, stall_reading, invalid>;

// nullopt for an ordinary message (no "wsgate:" prefix, which is case-sensitive).
std::optional<command> parse(std::string_view message);

}  // namespace wsgate::echo::control
