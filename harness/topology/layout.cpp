#include "topology/layout.hpp"

#include "wsgate/address.hpp"
#include "wsgate/seed.hpp"

#include <stdexcept>

namespace wsgate::topology {

layout layout::seed(std::optional<std::uint16_t> port_base) {
    layout l;
    l.ws_port = port_base ? *port_base : seed::proxy_ws_port;
    l.wss_port = port_base ? static_cast<std::uint16_t>(*port_base + 1) : seed::proxy_wss_port;
    for (const auto& b : seed::backends) {
        const auto moved = static_cast<std::uint16_t>(port_base ? *port_base + (b.in_group ? 3 : 2) : b.port);
        l.backends.push_back({std::string(b.id), std::string(b.host), moved});
    }
    return l;
}

layout layout::sandboxed(const sandbox::sandbox_result& sandbox) {
    layout l;
    l.ws_port = 0;
    l.wss_port = 0;
    for (const auto& listener : sandbox.listeners) {
        auto& first = listener.ssl ? l.wss_port : l.ws_port;
        if (first == 0) first = listener.port;
        l.listener_ports.push_back(listener.port);
    }
    for (const auto& b : sandbox.backends) l.backends.push_back({b.id, l.proxy_host, b.port});
    return l;
}

void require_free_ports(const layout& l, bool proxy_ports) {
    std::vector<std::pair<std::string, std::string>> wanted;
    if (proxy_ports && l.listener_ports.empty()) {
        wanted.emplace_back("the proxy's ws listener", l.proxy_host + ":" + std::to_string(l.ws_port));
        wanted.emplace_back("the proxy's wss listener", l.proxy_host + ":" + std::to_string(l.wss_port));
    }
    if (proxy_ports)
        for (const auto port : l.listener_ports)
            wanted.emplace_back("a proxy listener", l.proxy_host + ":" + std::to_string(port));
    for (const auto& b : l.backends) wanted.emplace_back("backend " + b.id, b.address());
    for (const auto& [who, address] : wanted) {
        const auto colon = address.rfind(':');
        const auto port = static_cast<std::uint16_t>(std::stoi(address.substr(colon + 1)));
        if (!can_bind(address.substr(0, colon), port))
            throw std::runtime_error(address + " (" + who + ") is already in use: another run or service listens "
                                     "there (--port-base N moves every port)");
    }
}

std::string backend_spec::file_stem() const {
    std::string stem = id;
    for (auto& c : stem)
        if (c == '/' || c == ':' || c == '[' || c == ']') c = '_';
    return stem;
}

const backend_spec* layout::find(const std::string& id) const {
    for (const auto& b : backends)
        if (b.id == id) return &b;
    return nullptr;
}

}  // namespace wsgate::topology
