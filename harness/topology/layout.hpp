// Where everything of a run listens. Defaults are the seed topology on
// loopback (docs/architecture.md); --port-base moves every port so runs can coexist.
#pragma once

#include "sandbox/sandbox.hpp"

#include "wsgate/seed.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wsgate::topology {

// Ports a topology may take above --port-base: the proxy's two, the
// backends', and room the cases use beside them.
inline constexpr int topology_port_span = 13;

// Ports a sandboxed config may take above --port-base (its listeners, then
// its upstream addresses): far more than a real config has.
inline constexpr std::size_t sandbox_port_span = 64;

struct backend_spec {
    std::string id;  // "single", "b1", ...
    std::string host;
    std::uint16_t port = 0;
    std::string address() const { return host + ":" + std::to_string(port); }
    // The id as a file name: a sandbox's ids name addresses ("up/node1.internal:80").
    std::string file_stem() const;
};

struct layout {
    std::string proxy_host = "127.0.0.1";
    std::uint16_t ws_port = seed::proxy_ws_port;
    std::uint16_t wss_port = seed::proxy_wss_port;
    std::vector<backend_spec> backends;
    // Every port the proxy listens on, when a sandboxed config has more than
    // ws_port and wss_port (those are then its first plain and TLS ones, 0
    // when it has none).
    std::vector<std::uint16_t> listener_ports;

    // The seed topology; with a base, ws = base, wss = base+1, the single
    // backend base+2 and the upstream group base+3 (on 127.0.0.10-12).
    static layout seed(std::optional<std::uint16_t> port_base = std::nullopt);

    // A sandboxed config's listeners and backends, all on 127.0.0.1.
    static layout sandboxed(const sandbox::sandbox_result& sandbox);

    const backend_spec* find(const std::string& id) const;
};

// Throws std::runtime_error naming the first address of the layout that
// something else already listens on: a probe would mistake that listener
// for the process wsgate starts.
void require_free_ports(const layout& l, bool proxy_ports);

}  // namespace wsgate::topology
