// A path that a regular-expression route (an nginx `location ~`, an
// HAProxy `path_reg`) should match: what discovery tests it with.
#pragma once

#include <string>

namespace wsgate::inspect {

// One string the expression matches, built from its first alternative of
// each group, each class's first member and the fewest repetitions each
// quantifier allows, with a leading '/': "^/live/(\d+)$" is "/live/0",
// "\.(css|js)$" is "/x.css" (an unanchored expression gets a path segment
// of its own in front).
std::string sample_path(const std::string& regex);

}  // namespace wsgate::inspect
