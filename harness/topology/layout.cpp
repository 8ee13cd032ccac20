#include "topology/layout.hpp"

#include "wsgate/address.hpp"

#include <stdexcept>

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

void require_free_ports(const layout& l, bool proxy_ports) {
    std::vector<std::pair<std::string, std::string>> wanted;
    if (proxy_ports) {
        wanted.emplace_back("the proxy's ws listener", l.proxy_host + ":" + std::to_string(l.ws_port));
        wanted.emplace_back("the proxy's wss listener", l.proxy_host + ":" + std::to_string(l.wss_port));
    }
    for (const auto& b : l.backends) wanted.emplace_back("backend " + b.id, b.address());
    for (const auto& [who, address] : wanted) {
        const auto colon = address.rfind(':');
        const auto port = static_cast<std::uint16_t>(std::stoi(address.substr(colon + 1)));
        if (!can_bind(address.substr(0, colon), port))
            throw std::runtime_error(address + " (" + who + ") is already in use: another run or service listens "
                                     "there (--port-base N moves every port)");
    }
}

const backend_spec* layout::find(const std::string& id) const {
    for (const auto& b : backends)
        if (b.id == id) return &b;
    return nullptr;
}

}  // namespace wsgate::topology
