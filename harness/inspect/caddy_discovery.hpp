// Discovery over a Caddyfile as Caddy reads it: each site's addresses (with
// the HTTP redirect automatic HTTPS adds), its reverse_proxy routes with the
// paths their matchers and enclosing handle/route blocks give, redirects,
// and each route's upstreams, lb_policy, header_up rules and read timeout.
#pragma once

#include "inspect/discovery.hpp"
#include "sandbox/caddyfile.hpp"

#include <filesystem>

namespace wsgate::inspect {

discovery discover_caddy(const sandbox::caddyfile& config);

// Reads the Caddyfile, then discovers. Throws sandbox::sandbox_error for a
// file it cannot read or parse.
discovery discover_caddy(const std::filesystem::path& config);

}  // namespace wsgate::inspect
