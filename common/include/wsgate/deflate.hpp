// permessage-deflate (RFC 7692): reading a server's answer and inflating
// received messages. Shared by the echo backend (which must recognise
// compressed control messages) and the scripted clients.
#pragma once

#include <zlib.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wsgate::ws {

// RFC 7692 §7.1.2: a max_window_bits value names one of DEFLATE's LZ77
// windows, 2^8 to 2^15 bytes; 15, the largest, applies when none is named.
inline constexpr int min_window_bits = 8;
inline constexpr int max_window_bits = 15;

struct deflate_params {
    bool server_no_context_takeover = false;
    bool client_no_context_takeover = false;
    int server_max_window_bits = max_window_bits;
    int client_max_window_bits = max_window_bits;
};

// One extension of a Sec-WebSocket-Extensions value: its name and
// parameters, split outside quoted strings (RFC 7230 §3.2.6).
struct extension {
    struct param {
        std::string name;
        std::optional<std::string> value;  // quotes removed
    };
    std::string name;
    std::vector<param> params;
};
std::vector<extension> parse_extensions(std::string_view header);

// A max_window_bits value: min_window_bits..max_window_bits, else nullopt.
std::optional<int> parse_window_bits(std::string_view value);

// Parses a server's answer (client side). nullopt when it names no
// permessage-deflate.
std::optional<deflate_params> parse_deflate_response(std::string_view header);

// Inflates whole messages of one direction, keeping the LZ77 window between
// messages unless no_context_takeover applies (§7.2.2).
class inflater {
public:
    inflater(int window_bits, bool no_context_takeover);
    ~inflater();
    inflater(const inflater&) = delete;
    inflater& operator=(const inflater&) = delete;

    // The message's payload as sent (RSV1 message, all fragments joined).
    // nullopt when the data is not valid DEFLATE or inflates past max_size.
    std::optional<std::string> inflate(std::string_view compressed, std::size_t max_size);

private:
    z_stream stream_{};
    bool no_context_takeover_;
};

}  // namespace wsgate::ws
