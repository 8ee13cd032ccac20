// Durations on the command line as scenario files and k6 write them:
// "250ms", "8s", "1.5m", "1h"; a bare number stays seconds.
#pragma once

#include <CLI/CLI.hpp>

namespace wsgate::cli {

// A CLI11 transform that turns a duration with a unit into seconds, so the
// option's own range check still applies.
CLI::Validator seconds_with_units();

}  // namespace wsgate::cli
