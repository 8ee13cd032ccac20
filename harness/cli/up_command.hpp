// `wsgate up`: the seed topology for trying things by hand, until Ctrl-C.
#pragma once

#include "cli/run_context.hpp"

namespace wsgate::cli {

int run_up(const topology_options& options);

}  // namespace wsgate::cli
