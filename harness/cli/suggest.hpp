// "did you mean --port-base?": the nearest valid subcommand or option for a
// word the command line parser refused, so a typo costs one look, not a
// trip through --help.
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace wsgate::cli {

// The choice closest to word by edit distance, if it is close enough to be
// a typo of it (at most a third of its letters, and at least one, differ).
std::optional<std::string> nearest(const std::string& word, const std::vector<std::string>& choices);

// One "did you mean" line per word of args that is neither a subcommand of
// app nor an option of the subcommand it follows; empty when none is close.
std::vector<std::string> suggestions(const CLI::App& app, const std::vector<std::string>& args);

}  // namespace wsgate::cli
