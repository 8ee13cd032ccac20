// The client's upgrade request (RFC 6455 §4.1) as exact bytes, with every
// default replaceable or removable so scenarios can send broken handshakes.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace wsgate::client {

struct upgrade_request {
    std::string method = "GET";
    std::string target = "/";
    std::string version = "HTTP/1.1";
    std::string host;  // Host header value
    std::string key;   // empty: a fresh random key
    std::vector<std::string> subprotocols;
    std::vector<std::string> extensions;
    // Applied over the defaults in order: a header of the same name
    // (case-insensitive) is replaced in place, a nullopt value removes it,
    // anything else is appended.
    std::vector<std::pair<std::string, std::optional<std::string>>> headers;
};

struct built_request {
    std::string bytes;
    std::string key;  // the Sec-WebSocket-Key sent, if any
};

built_request build_upgrade_request(const upgrade_request& r);

}  // namespace wsgate::client
