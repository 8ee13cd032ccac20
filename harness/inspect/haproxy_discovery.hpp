// Discovery over an haproxy.cfg as HAProxy reads it: each frontend (and
// listen section) with its binds, the routes its use_backend and
// default_backend lines take (the host names and paths their ACLs test),
// redirects, and each backend's balance, servers, headers set and the
// timeout a tunnel lives by.
#pragma once

#include "inspect/discovery.hpp"
#include "sandbox/haproxy_config.hpp"

#include <filesystem>

namespace wsgate::inspect {

discovery discover_haproxy(const sandbox::haproxy_config& config);

// Reads the config, then discovers. Throws sandbox::sandbox_error for a file
// it cannot read or parse.
discovery discover_haproxy(const std::filesystem::path& config);

}  // namespace wsgate::inspect
