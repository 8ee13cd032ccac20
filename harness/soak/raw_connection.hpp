// One TCP connection on loopback for the hostile-peer soak: what an attacker
// does (write exact bytes, stop halfway, reset) with every operation bounded
// by a deadline, so no attack can hang the soak whatever the server does.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace wsgate::soak {

using clock = std::chrono::steady_clock;

class raw_connection {
public:
    raw_connection() = default;
    raw_connection(raw_connection&& other) noexcept;
    raw_connection& operator=(raw_connection&& other) noexcept;
    raw_connection(const raw_connection&) = delete;
    raw_connection& operator=(const raw_connection&) = delete;
    ~raw_connection();

    // Connects to host:port before until; false when refused or too slow.
    bool connect(const std::string& host, std::uint16_t port, clock::time_point until);
    bool is_open() const { return fd_ >= 0; }

    // Writes all of bytes before until; false when the peer closed or reset
    // the connection, or until passed first.
    bool write_all(std::string_view bytes, clock::time_point until);
    // Appends what arrives to into until the peer closes (false), marker has
    // arrived (true), or until passes (true: still open).
    bool read_until(std::string& into, std::string_view marker, clock::time_point until);
    // Appends what one read brings to into; false when the peer closed or
    // until passed with nothing read.
    bool read_some(std::string& into, clock::time_point until);
    // Reads and discards until the peer closes (true) or until passes
    // (false), adding how many bytes arrived to received.
    bool wait_for_close(clock::time_point until, std::size_t& received);
    // True when the peer has closed or reset the connection (a zero-wait check).
    bool closed_by_peer();

    // Ends the connection with a FIN, or with a reset (SO_LINGER 0).
    void close();
    void reset();

private:
    bool wait_for(short events, clock::time_point until);

    int fd_ = -1;
};

}  // namespace wsgate::soak
