// Which cases a run takes: selectors (case ids, globs such as handshake/*,
// or paths of scenario files and folders anywhere) and --tag filters.
#pragma once

#include "scenario/scenario_case.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace wsgate::scenario {

// Loads what the selectors name; no selector means every case under root.
// Throws scenario_error for a selector that matches nothing.
std::vector<scenario_case> select_cases(const std::filesystem::path& root, const std::vector<std::string>& selectors,
                                        const std::vector<std::string>& tags);

// fnmatch-style: * matches any run of characters (also '/'), ? one character.
bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace wsgate::scenario
