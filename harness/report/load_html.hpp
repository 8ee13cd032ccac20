// `wsgate load --html`: one self-contained page with the figures, the
// percentile curve and the per-second time series as inline SVG.
#pragma once

#include "load/load_result.hpp"

#include <string>

namespace wsgate::harness::report {

// description: what was loaded and how, one line.
std::string load_html(const load::load_result& r, const std::string& description);

}  // namespace wsgate::harness::report
