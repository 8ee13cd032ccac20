// The seed topology's addresses on loopback, defined once: the harness's
// default layout and a bare wsgate-echo's default listeners both come from
// here (docs/architecture.md, "The seed topology").
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace wsgate::seed {

inline constexpr std::uint16_t proxy_ws_port = 8080;
inline constexpr std::uint16_t proxy_wss_port = 8443;

struct backend {
    std::string_view id;
    std::string_view host;
    std::uint16_t port;
    bool in_group;  // one of the upstream group `websocket` (its port moves to base + 3)
};

// `single` behind /ws/ and /wss, b1..b3 the upstream group behind /.
inline constexpr std::array<backend, 4> backends{{
    {"single", "127.0.0.1", 8282, false},
    {"b1", "127.0.0.10", 8010, true},
    {"b2", "127.0.0.11", 8010, true},
    {"b3", "127.0.0.12", 8010, true},
}};

}  // namespace wsgate::seed
