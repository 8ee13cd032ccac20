// The documents of one scenario file, read so that no file can hang or
// crash the harness: yaml-cpp 0.7 loops forever on some malformed input
// (three bytes "&&," suffice), so each file is parsed first in a bounded
// child process and only then here.
#pragma once

#include <yaml-cpp/node/node.h>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <vector>

namespace wsgate::scenario {

// Far above any scenario file (the suite's largest is a few KiB), far below
// what would make parsing slow.
inline constexpr std::size_t max_scenario_file_bytes = 1024 * 1024;
// A file within the size limit parses in milliseconds, sanitizer builds
// included; one that takes this long never ends.
inline constexpr std::chrono::milliseconds yaml_parse_limit{5000};

// Throws scenario_error naming the file (and the line of a syntax error).
std::vector<YAML::Node> load_yaml_documents(const std::filesystem::path& file);

}  // namespace wsgate::scenario
