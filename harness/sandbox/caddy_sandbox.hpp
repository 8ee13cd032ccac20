// The sandbox for Caddyfiles: the user's Caddyfile copied with only what
// must change to run unprivileged on loopback, behind a global options
// block of the sandbox's own (the run folder's file says `import COPY`).
#pragma once

#include "sandbox/sandbox.hpp"

#include <cstdint>
#include <filesystem>

namespace wsgate::sandbox {

struct caddy_sandbox_options {
    std::filesystem::path run_dir;  // storage and logs; the copy goes to run_dir/sandbox
    std::filesystem::path pki_dir;  // the test CA, which signs Caddy's own internal CA
    std::uint16_t first_port = 0;   // the HTTP and HTTPS ports, then other listeners, then backends
    std::size_t max_ports = 0;      // more than this many is a sandbox_error
};

// Writes the main file and the copy; throws sandbox_error listing every
// directive that cannot be sandboxed.
sandbox_result sandbox_caddy(const std::filesystem::path& config, const caddy_sandbox_options& options);

}  // namespace wsgate::sandbox
