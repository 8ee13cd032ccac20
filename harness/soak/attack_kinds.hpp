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

void slowloris(const victim_endpoint& victim, clock::time_point until, attack_tally& tally);
void half_open(const victim_endpoint& victim, clock::time_point until, attack_tally& tally);
void churn(const victim_endpoint& victim, clock::time_point until, attack_tally& tally);
void huge_heads(const victim_endpoint& victim, clock::time_point until, attack_tally& tally);
void bad_chunked(const victim_endpoint& victim, clock::time_point until, attack_tally& tally);
void nul_bytes(const victim_endpoint& victim, clock::time_point until, attack_tally& tally);
void garbage_after_101(const victim_endpoint& victim, clock::time_point until, attack_tally& tally);
void huge_frame_lengths(const victim_endpoint& victim, clock::time_point until, attack_tally& tally);
void bad_frames(const victim_endpoint& victim, clock::time_point until, attack_tally& tally);
void tls_garbage(const victim_endpoint& victim, clock::time_point until, attack_tally& tally);

}  // namespace wsgate::soak
