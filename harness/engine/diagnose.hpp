// From what a failed handshake looked like to the proxy-config mistake that
// most likely caused it, in one sentence a user can act on.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace wsgate::engine {

struct handshake_observation {
    std::string url_path;                 // the path the client asked for
    std::optional<int> status;            // nullopt: no HTTP response
    std::optional<std::string> location;
    std::string body;                     // the response body (wsgate-echo explains refusals in JSON)
    std::string connection_error;         // TCP or TLS failure text
};

// Empty when nothing specific can be said.
std::string diagnose_handshake(const handshake_observation& seen);

}  // namespace wsgate::engine
