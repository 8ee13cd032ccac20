// `wsgate inspect --config FILE [--target T] [--json]`: what a proxy config
// serves (inspect/discovery.hpp), read without starting anything.
#pragma once

#include <filesystem>
#include <string>

namespace wsgate::cli {

struct inspect_options {
    std::filesystem::path config;
    std::string target = "builtin";
    bool json = false;
};

// Exit 0 with the discovery on stdout; 2 when the file cannot be read or the
// target's syntax is not one discovery reads yet.
int run_inspect(const inspect_options& options);

}  // namespace wsgate::cli
