// Discovery for a config of any language the sandbox reads: one entry
// point, so the run and `wsgate inspect` name the language, not the reader.
#pragma once

#include "inspect/discovery.hpp"
#include "sandbox/sandbox.hpp"

#include <filesystem>

namespace wsgate::inspect {

// Throws sandbox::sandbox_error for a file it cannot read or parse.
discovery discover(sandbox::config_language language, const std::filesystem::path& config);

}  // namespace wsgate::inspect
