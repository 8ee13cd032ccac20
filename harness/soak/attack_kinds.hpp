// The attack functions behind the table in attack.cpp, and the one driver
// the request-shaped attacks share.
#pragma once

#include "soak/attack.hpp"

#include <cstdint>
#include <functional>
#include <string>

namespace wsgate::soak {

// What one hostile connection sends: before, then (when wait_for_head) the
// server's response head, then after; then it waits for the server to close.
struct hostile_script {
    std::string before;
    bool wait_for_head = false;
    std::string after;
};

// Runs scripts from make (called with a running count) on a few parallel
// connections until until; each connection is bounded in time on its own.
void run_scripts(const victim_endpoint& victim, std::uint16_t port, clock::time_point until, attack_tally& tally,
                 const std::function<hostile_script(std::uint64_t)>& make);

// The upgrade request for the victim's WebSocket path, with a fresh key.
std::string upgrade_request(const victim_endpoint& victim);

// Connections that send a request head one header line at a time and never finish it.
void slowloris(const victim_endpoint& victim, clock::time_point until, attack_tally& tally);
// Connections that are opened and send nothing.
void half_open(const victim_endpoint& victim, clock::time_point until, attack_tally& tally);
// Connects and closes (most with a reset) as fast as the server accepts, up to a rate cap.
void churn(const victim_endpoint& victim, clock::time_point until, attack_tally& tally);
// Request heads with a huge header line, a huge request line, and very many header lines.
void huge_heads(const victim_endpoint& victim, clock::time_point until, attack_tally& tally);
// Chunked bodies: a 2^64-19 chunk size, non-hex sizes, bare LF, endless extensions, a body cut short.
void bad_chunked(const victim_endpoint& victim, clock::time_point until, attack_tally& tally);
// NUL in the request line, in a header, and %00 in the path of an upgrade.
void nul_bytes(const victim_endpoint& victim, clock::time_point until, attack_tally& tally);
// A valid upgrade, then random bytes instead of frames.
void garbage_after_101(const victim_endpoint& victim, clock::time_point until, attack_tally& tally);
// A valid upgrade, then frames announcing 2^63-1 and 2^63 payload bytes.
void huge_frame_lengths(const victim_endpoint& victim, clock::time_point until, attack_tally& tally);
// A valid upgrade, then unmasked, reserved-opcode, RSV and oversized control frames.
void bad_frames(const victim_endpoint& victim, clock::time_point until, attack_tally& tally);
// Random bytes, a truncated ClientHello and a 16 KiB record header at the TLS listener.
void tls_garbage(const victim_endpoint& victim, clock::time_point until, attack_tally& tally);

}  // namespace wsgate::soak
