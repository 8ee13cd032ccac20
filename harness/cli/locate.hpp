// Where the harness finds its siblings: wsgate-proxy and wsgate-echo beside
// its own executable (so any build folder works), the scenarios, the PKI.
#pragma once

#include <filesystem>

namespace wsgate::cli {

std::filesystem::path own_bin_dir();
// ./scenarios when run from a checkout, else the source tree's.
std::filesystem::path default_scenario_dir();
// build/pki beside the binaries, generated on first use.
std::filesystem::path default_pki_dir();

}  // namespace wsgate::cli
