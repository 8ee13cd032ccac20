// A path that a regular-expression route (an nginx `location ~`, an
// HAProxy `path_reg`) should match: what discovery tests it with.
#pragma once

#include <string>

namespace wsgate::inspect {

// The literal start of the expression, with a leading '/': "^/live/(\d+)$"
// is "/live/", "\.io/" is "/.io/".
std::string sample_path(const std::string& regex);

}  // namespace wsgate::inspect
