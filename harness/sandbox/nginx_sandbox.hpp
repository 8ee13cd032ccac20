// The sandbox for nginx-syntax configs (nginx and wsgate-proxy): the user's
// files copied with only what must change to run unprivileged on loopback.
#pragma once

#include "sandbox/sandbox.hpp"

#include <cstdint>
#include <filesystem>

namespace wsgate::sandbox {

// Debian's nginx: --prefix=/usr/share/nginx, where `load_module modules/...` points.
inline const std::filesystem::path nginx_compiled_prefix = "/usr/share/nginx";

struct nginx_sandbox_options {
    std::filesystem::path run_dir;  // the proxy's pid, logs and temp files; the copies go to run_dir/sandbox
    std::filesystem::path pki_dir;  // the test CA that signs the certificates the copies use
    std::filesystem::path compiled_prefix = nginx_compiled_prefix;
    // Where relative includes and files resolve; empty: the main file's
    // folder, as nginx does. A template rendered into the run folder names
    // the folder of the file it was rendered from.
    std::filesystem::path conf_dir;
    std::uint16_t first_port = 0;   // listeners take ports from here up, then backends
    std::size_t max_ports = 0;      // more than this many is a sandbox_error
    // False for a config rendered from a template: its placeholders already
    // put every listener and backend on loopback and every certificate in
    // the test PKI, so only paths, daemon and includes change.
    bool move_addresses = true;
};

// Writes the copies and the certificates they name; throws sandbox_error
// listing every directive that cannot be sandboxed.
sandbox_result sandbox_nginx(const std::filesystem::path& config, const nginx_sandbox_options& options);

}  // namespace wsgate::sandbox
