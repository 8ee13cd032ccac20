// Scenario URLs name the seed host (ws://api.example.com/ws/); a case
// connects to the proxy under test and sends that host as Host and SNI.
#pragma once

#include "client/transport.hpp"
#include "engine/environment.hpp"

#include <optional>
#include <string>

namespace wsgate::engine {

struct parsed_url {
    bool tls = false;
    std::string host;                  // as written, for Host, SNI and verification
    std::optional<std::uint16_t> port; // as written
    std::string target = "/";          // path and query
    std::string authority() const { return port ? host + ":" + std::to_string(*port) : host; }
};

// Throws std::invalid_argument for anything but ws:// and wss:// URLs.
parsed_url parse_url(const std::string& url);

// Where the connection goes: the proxy's plain or TLS listener. Url targets
// put their own path in front of the scenario's.
client::endpoint endpoint_for(const parsed_url& url, const environment& env);

}  // namespace wsgate::engine
