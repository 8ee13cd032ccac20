// The address forms HAProxy's `bind` and `server` take (str2sa_range), so
// the sandbox knows which socket a bind opens and which host a server
// connects to.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace wsgate::sandbox {

// The socket a bind address opens, spelled as listen_socket() spells
// nginx's: ":80", "*:80", "0.0.0.0:80" and "ipv4@:80" are "*:80"; ":::443",
// "ipv6@:443" and "[::]:443" are "[::]:443"; "/run/x.sock" and
// "unix@/run/x.sock" are "unix:/run/x.sock". Empty for what the sandbox
// cannot give a loopback port (a port range, fd@, sockpair@, abns@).
std::optional<std::string> bind_socket(const std::string& address);

// A bind's first word may list several addresses: ":80,:8080".
std::vector<std::string> bind_addresses(const std::string& word);

// A server address as the report names it: "node1.internal:3000", or as written
// when it has no port (HAProxy then uses the client's destination port).
std::string server_address(const std::string& address);

}  // namespace wsgate::sandbox
