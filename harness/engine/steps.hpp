// What the engine can do, one struct per step kind. Scenario files are read
// into these (scenario/), and each is carried out by one function (steps.cpp).
#pragma once

#include "client/transport.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace wsgate::engine {

// A case that names no timeout of its own gets this one.
inline constexpr std::chrono::milliseconds default_case_timeout{30000};

using ms = std::chrono::milliseconds;

// Unless a step says, a handshake's answer gets this long: on loopback it
// takes milliseconds, the rest is room for a loaded machine.
inline constexpr ms default_handshake_within{5000};
// Unless a step says, a message on an open connection, or the backend's
// report of what it received, gets this long.
inline constexpr ms default_message_within{2000};

struct connect_step {
    std::string as = "main";
    std::string url;  // ws://api.example.com/ws/
    std::string method = "GET";
    std::string version = "HTTP/1.1";
    std::vector<std::pair<std::string, std::optional<std::string>>> headers;  // nullopt removes a default
    std::vector<std::string> subprotocols;
    std::vector<std::string> extensions;
    std::optional<client::tls_options> tls;  // for wss; defaults: verify against the test CA
    std::optional<std::string> raw_request;  // exact bytes instead of the built request
    bool tcp_only = false;                   // connect and send nothing (raw steps follow)
    std::optional<bool> tls_listener;        // which proxy listener; unset: by the URL's scheme
    std::string source_address;
    ms within{default_handshake_within};
};

struct header_expectation {
    enum class kind { equals, present, absent, matches, contains };
    std::string name;
    kind how = kind::equals;
    std::string value;  // for equals/matches/contains (regex for matches)
};

struct expect_handshake_step {
    std::string as = "main";
    std::size_t response = 1;                // which response on the connection (pipelined requests)
    std::optional<int> status;
    std::vector<header_expectation> headers;
    std::optional<std::string> location;
    std::optional<std::string> fails;        // connection must fail; text the error contains
    std::optional<std::string> tls_version;  // "TLSv1.2"
    std::optional<bool> session_reused;
    std::optional<std::string> body_contains;
    std::optional<std::string> body_lacks;
    ms within{default_handshake_within};
};

struct frame_spec {
    std::uint8_t opcode = 0x1;
    bool fin = true;
    bool rsv1 = false, rsv2 = false, rsv3 = false;
    bool masked = true;
    std::optional<std::uint64_t> length;  // a lie in the header (payload unchanged)
    std::string payload;
};

struct send_step {
    enum class kind { text, binary, ping, pong, close, frames, raw, half_close, reset };
    std::string as = "main";
    kind what = kind::text;
    std::string payload;                  // text, binary, ping, pong, raw bytes
    std::optional<std::uint64_t> size;    // generated payload of this size instead
    std::optional<std::uint16_t> close_code;
    std::string close_reason;
    std::vector<frame_spec> frames;       // kind::frames: sent in order
    std::size_t write_size = 0;           // split into TCP writes of this size (0: one write)
    bool in_one_write = false;            // frames: all in a single write
};

struct expect_step {
    enum class kind { text, binary, message, pong, ping, close, tcp_closed, silence };
    std::string as = "main";
    kind what = kind::message;
    std::optional<std::string> equals;       // text or binary payload (pong/ping payload)
    std::optional<std::uint64_t> size;
    std::optional<std::string> sha256;
    bool generated = false;                  // the backend's wsgate:send pattern
    bool echo = false;                       // equals the last message sent on this connection
    std::optional<std::size_t> fragments;    // carried by this many frames
    std::optional<bool> compressed;          // RSV1 on the first frame
    std::optional<std::uint16_t> close_code; // for close; 0: no code (empty payload)
    std::optional<std::string> close_reason;
    std::size_t count = 1;                   // messages/pongs to take, all alike
    ms within{default_message_within};       // for silence: how long nothing must arrive
};

struct backend_saw_step {
    std::string as = "main";
    std::optional<std::string> method;
    std::optional<std::string> target;
    std::optional<std::string> version;      // "1.1"
    std::optional<std::string> backend;      // which backend id served it
    std::vector<std::string> backend_in;     // or: one of these served it
    std::optional<std::string> remote_addr;
    std::vector<header_expectation> headers; // names compared case-insensitively
    std::vector<std::string> header_case;    // these names arrive spelled exactly so
    std::vector<std::string> header_order;   // these names arrive in this relative order
    std::optional<std::vector<std::string>> frames;  // "text fin", "continuation fin rsv1", ...
    ms within{default_message_within};
};

struct backend_step {
    enum class kind { control, kill, restart, stop_listening };
    kind what = kind::control;
    std::string as = "main";       // control: the connection to send it on
    std::string message;           // control: "wsgate:close 4000 bye"
    std::string backend;           // kill/restart/stop_listening: id
};

struct connect_many_step {
    std::string prefix = "conn";   // connections are named prefix1..prefixN
    std::size_t count = 10;
    connect_step like;             // url, headers, tls of every connection
    bool sequential = false;       // one after another (round-robin order), else all at once
    ms within{10000};
};

struct expect_distribution_step {
    std::string prefix = "conn";
    std::vector<std::pair<std::string, std::size_t>> counts;  // backend id -> expected connections
    std::size_t tolerance = 0;
    std::optional<std::vector<std::string>> order;  // repeating pattern, e.g. [b1, b2, b3]
    std::vector<std::string> never;                 // backends that must serve none
    std::vector<std::string> includes;              // backends that must serve at least one
    bool one_backend = false;                       // all on one backend, whichever (sticky balancing)
    ms within{5000};
};

// A bounded burst of echo traffic: connections open at once, each sends its
// messages one after another (the next when the echo of the last is back).
struct load_step {
    std::string url;
    std::uint32_t connections = 100;
    std::uint64_t messages = 10;  // per connection
    std::size_t size = 64;
    ms within{30000};  // the whole burst
};

struct sleep_step {
    ms duration{0};
};

struct step;
struct repeat_step {
    std::size_t count = 1;
    std::vector<step> steps;
};

struct step {
    std::variant<connect_step, expect_handshake_step, send_step, expect_step, backend_saw_step, backend_step,
                 connect_many_step, expect_distribution_step, load_step, sleep_step, repeat_step>
        body;
    std::string name;  // as written in the file, for reports
    int line = 0;      // in the scenario file
};

}  // namespace wsgate::engine
