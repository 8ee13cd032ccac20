// What a running case can reach: the proxy under test, the backends (when
// wsgate started them) and the test PKI.
#pragma once

#include "engine/url.hpp"
#include "topology/backends.hpp"
#include "topology/target.hpp"

#include <filesystem>
#include <functional>
#include <map>
#include <string>

namespace wsgate::engine {

struct environment {
    topology::proxy_endpoint proxy;
    topology::backend_pool* backends = nullptr;  // null for url targets
    std::filesystem::path pki_dir;
    // {{NAME}} values scenario expectations may use: SINGLE, B1..B3 (backend
    // addresses), WS_PORT, WSS_PORT, so cases hold under --port-base too.
    std::map<std::string, std::string> placeholders;
    // A case bound to one endpoint of a user's config connects there
    // whatever URL it names (target_url.hpp, bound_url); proxy then holds
    // that endpoint's listener.
    std::optional<parsed_url> endpoint;
    // Ctrl-C: waits end early and the case is reported skipped.
    std::function<bool()> interrupted;
    // A deployment wsgate did not start (url= targets): the CA its
    // certificate is verified against (empty: the test CA's), or nothing at
    // all (insecure), and the name its clients send as Host and SNI (empty:
    // the one each case names).
    std::filesystem::path ca_file;
    bool insecure = false;
    std::string host_name;

    std::filesystem::path trust_anchor() const { return ca_file.empty() ? pki_dir / "ca.pem" : ca_file; }

    // Replaces every known {{NAME}} in text; unknown ones stay as written.
    std::string expand(std::string text) const {
        for (const auto& [name, value] : placeholders) {
            const auto token = "{{" + name + "}}";
            for (auto at = text.find(token); at != std::string::npos; at = text.find(token, at + value.size()))
                text.replace(at, token.size(), value);
        }
        return text;
    }
};

}  // namespace wsgate::engine
