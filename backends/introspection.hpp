// What wsgate:request and wsgate:frames answer (and plain HTTP requests get as
// their body): the handshake request and the frames exactly as received.
#pragma once

#include "peer_info.hpp"
#include "wsgate/frame.hpp"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <utility>
#include <vector>

namespace wsgate::echo {

struct request_info {
    std::string method;
    std::string target;
    std::string version;                                       // "HTTP/1.1"
    std::vector<std::pair<std::string, std::string>> headers;  // received case and order
};

// {"backend", "remote_addr", "remote_port", "method", "target", "version",
//  "headers": [[name, value], ...]}
std::string request_json(const peer_info& peer, const request_info& request);

// The headers of the frames a connection received, oldest first, bounded so a
// long-running connection does not grow without limit.
class frame_log {
public:
    static constexpr std::size_t capacity = 10000;

    void record(const ws::frame_header& h);
    // [{"fin", "rsv1", "rsv2", "rsv3", "opcode", "masked", "length"}, ...]
    std::string json() const;

private:
    std::deque<ws::frame_header> frames_;
};

}  // namespace wsgate::echo
