// A scenario's ws:// or wss:// URL, cut into what a connection needs.
#pragma once

#include <cstdint>
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

}  // namespace wsgate::engine
