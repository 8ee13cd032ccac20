#include "topology/layout.hpp"

namespace wsgate::topology {

layout layout::seed(std::optional<std::uint16_t> port_base) {
    layout l;
    std::uint16_t single = 8282, group = 8010;
    if (port_base) {
        l.ws_port = *port_base;
        l.wss_port = static_cast<std::uint16_t>(*port_base + 1);
        single = static_cast<std::uint16_t>(*port_base + 2);
        group = static_cast<std::uint16_t>(*port_base + 3);
    }
    l.backends = {{"single", "127.0.0.1", single},
                  {"b1", "127.0.0.10", group},
                  {"b2", "127.0.0.11", group},
                  {"b3", "127.0.0.12", group}};
    return l;
}

const backend_spec* layout::find(const std::string& id) const {
    for (const auto& b : backends)
        if (b.id == id) return &b;
    return nullptr;
}

}  // namespace wsgate::topology
