// Who is on the other end of a connection, and which listener took it.
#pragma once

#include <cstdint>
#include <string>

namespace wsgate::echo {

struct peer_info {
    std::string backend;  // the listener's id
    std::string remote_addr;
    std::uint16_t remote_port = 0;

    // "[b1] 127.0.0.1:40312", the prefix of log lines about this connection.
    std::string label() const {
        return "[" + backend + "] " + remote_addr + ":" + std::to_string(remote_port);
    }
};

}  // namespace wsgate::echo
