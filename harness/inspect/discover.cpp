#include "inspect/discover.hpp"

#include "inspect/haproxy_discovery.hpp"
#include "inspect/nginx_discovery.hpp"

namespace wsgate::inspect {

discovery discover(sandbox::config_language language, const std::filesystem::path& config) {
    switch (language) {
        case sandbox::config_language::nginx: return discover_nginx(config);
        case sandbox::config_language::haproxy: return discover_haproxy(config);
        case sandbox::config_language::caddy: break;
    }
    throw sandbox::sandbox_error(config.string() + ": discovery reads nginx and HAProxy configs; not Caddyfiles yet");
}

}  // namespace wsgate::inspect
