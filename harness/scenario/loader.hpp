// Reads scenario files (YAML, one case per document) into cases. Every
// mistake is refused before anything runs, with file, line, case and step:
//   scenarios/handshake/basic.yaml:14: case handshake/basic, step 3 (expect): unknown key "withn"
#pragma once

#include "scenario/scenario_case.hpp"

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace wsgate::scenario {

struct scenario_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Cases of one file. group is the folder below the scenario root ("" at the
// root); ids are written in the file.
std::vector<scenario_case> load_file(const std::filesystem::path& file, const std::string& group);

// Every *.yaml below root, in path order; ids must be unique.
std::vector<scenario_case> load_tree(const std::filesystem::path& root);

// Parses "250ms", "2s", "1.5s", "1m" or a plain number of milliseconds.
// Throws std::invalid_argument.
std::chrono::milliseconds parse_duration(const std::string& text);

}  // namespace wsgate::scenario
