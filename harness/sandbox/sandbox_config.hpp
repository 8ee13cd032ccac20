// The sandbox for a config of any language the sandbox reads: one entry
// point, so a caller names the language and not the rewriter.
#pragma once

#include "sandbox/sandbox.hpp"

#include <cstdint>
#include <filesystem>

namespace wsgate::sandbox {

struct sandbox_options {
    std::filesystem::path run_dir;  // the proxy's run folder; the copies go to run_dir/sandbox
    std::filesystem::path pki_dir;  // the test CA that signs the certificates the copies use
    std::uint16_t first_port = 0;   // listeners take ports from here up, then backends
    std::size_t max_ports = 0;      // more than this many is a sandbox_error
};

// Throws sandbox_error for a config that cannot be sandboxed.
sandbox_result sandbox_config(config_language language, const std::filesystem::path& config,
                              const sandbox_options& options);

}  // namespace wsgate::sandbox
