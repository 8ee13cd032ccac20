// A TCP connect on IPv4 that gives up at a deadline: non-blocking, so a
// listener that never accepts (its backlog full, SYNs dropped) cannot hold
// the caller for the kernel's two minutes of SYN retries.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace wsgate::net {

// poll takes its timeout as an int of milliseconds; a longer wait is made of
// polls no longer than this, so no deadline overflows it.
inline constexpr std::chrono::milliseconds max_poll_wait{60'000};

// A connected, non-blocking, close-on-exec socket, or -1 when host is not an
// IPv4 address, the connect is refused, or deadline passes first.
int connect_before(const std::string& host, std::uint16_t port, std::chrono::steady_clock::time_point deadline);

}  // namespace wsgate::net
