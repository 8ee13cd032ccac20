// The hostile peers of the soak, as a table from name to attack: each one
// runs against one listener until its deadline, bounded in connections and
// time, and counts what it did and how the server answered.
#pragma once

#include "soak/raw_connection.hpp"

#include <atomic>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace wsgate::soak {

struct victim_endpoint {
    std::string host = "127.0.0.1";
    std::uint16_t port = 0;      // plain HTTP / ws listener
    std::uint16_t tls_port = 0;  // TLS listener; 0: none (TLS attacks are skipped)
    std::string host_header = "api.example.com";
    std::string ws_path = "/ws/";  // a path the victim upgrades
};

struct attack_tally {
    std::atomic<std::uint64_t> connections{0};  // connections the attack opened
    std::atomic<std::uint64_t> refused{0};      // connects that failed
    std::atomic<std::uint64_t> answered{0};     // connections the server answered (any bytes)
    std::atomic<std::uint64_t> closed{0};       // connections the server closed before the attack let go
};

struct attack {
    std::string_view name;
    bool on_tls_port;       // aimed at the TLS listener
    void (*run)(const victim_endpoint& victim, clock::time_point until, attack_tally& tally);
};

// Every attack, in the order the soak runs them.
std::span<const attack> attacks();

// The attack of that name, or null.
const attack* find_attack(std::string_view name);

}  // namespace wsgate::soak
