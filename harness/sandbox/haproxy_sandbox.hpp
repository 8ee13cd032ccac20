// The sandbox for HAProxy configs: the user's haproxy.cfg copied with only
// what must change to run unprivileged on loopback in the foreground.
#pragma once

#include "sandbox/sandbox.hpp"

#include <cstdint>
#include <filesystem>

namespace wsgate::sandbox {

struct haproxy_sandbox_options {
    std::filesystem::path run_dir;  // pid, sockets and state files; the copy goes to run_dir/sandbox
    std::filesystem::path pki_dir;  // the test CA that signs the certificates the copy uses
    std::uint16_t first_port = 0;   // listeners take ports from here up, then backends
    std::size_t max_ports = 0;      // more than this many is a sandbox_error
};

// Writes the copy and the certificates it names; throws sandbox_error
// listing every statement that cannot be sandboxed.
sandbox_result sandbox_haproxy(const std::filesystem::path& config, const haproxy_sandbox_options& options);

}  // namespace wsgate::sandbox
