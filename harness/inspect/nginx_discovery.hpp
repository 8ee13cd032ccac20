// Discovery over an nginx config as nginx reads it (the sandbox's tree of
// the user's files, includes in place): servers, the locations that proxy,
// upstream groups, and nginx's inheritance of proxy_set_header,
// proxy_http_version and proxy_read_timeout from http to server to location.
#pragma once

#include "inspect/discovery.hpp"
#include "sandbox/config_tree.hpp"

namespace wsgate::inspect {

discovery discover_nginx(const sandbox::config_tree& tree);

// Reads the config and its includes, then discovers. Throws
// sandbox::sandbox_error for a file it cannot read or parse.
discovery discover_nginx(const std::filesystem::path& config);

}  // namespace wsgate::inspect
