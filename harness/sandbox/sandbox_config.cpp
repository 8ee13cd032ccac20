#include "sandbox/sandbox_config.hpp"

#include "sandbox/caddy_sandbox.hpp"
#include "sandbox/haproxy_sandbox.hpp"
#include "sandbox/nginx_sandbox.hpp"

namespace wsgate::sandbox {

sandbox_result sandbox_config(config_language language, const std::filesystem::path& config,
                              const sandbox_options& options) {
    switch (language) {
        case config_language::nginx:
            return sandbox_nginx(config, {.run_dir = options.run_dir,
                                          .pki_dir = options.pki_dir,
                                          .first_port = options.first_port,
                                          .max_ports = options.max_ports});
        case config_language::haproxy:
            return sandbox_haproxy(config, {.run_dir = options.run_dir,
                                            .pki_dir = options.pki_dir,
                                            .first_port = options.first_port,
                                            .max_ports = options.max_ports});
        case config_language::caddy:
            return sandbox_caddy(config, {.run_dir = options.run_dir,
                                          .pki_dir = options.pki_dir,
                                          .first_port = options.first_port,
                                          .max_ports = options.max_ports});
    }
    throw sandbox_error(config.string() + ": no sandbox for this config language");
}

}  // namespace wsgate::sandbox
