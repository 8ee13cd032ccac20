#include "inspect/discover.hpp"

#include "inspect/caddy_discovery.hpp"
#include "inspect/haproxy_discovery.hpp"
#include "inspect/nginx_discovery.hpp"

namespace wsgate::inspect {

discovery discover(sandbox::config_language language, const std::filesystem::path& config) {
    switch (language) {
        case sandbox::config_language::nginx: return discover_nginx(config);
        case sandbox::config_language::haproxy: return discover_haproxy(config);
        case sandbox::config_language::caddy: return discover_caddy(config);
    }
    throw sandbox::sandbox_error(config.string() + ": no discovery for this config language");
}

}  // namespace wsgate::inspect
