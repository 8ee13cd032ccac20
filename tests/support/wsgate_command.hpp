// Runs the wsgate command as a child process with a time limit, for the
// integration tests of its subcommands.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace wsgate::testing {

struct command_outcome {
    int exit_code = -1;  // -1: still running at the limit (then stopped)
    std::string output;  // stdout and stderr together
};

// `wsgate ARGS...` in working_dir (default: the source tree, where the
// scenarios are), output kept in dir/wsgate.out.
command_outcome run_wsgate(const std::vector<std::string>& args, const std::filesystem::path& dir,
                           std::chrono::seconds limit = std::chrono::seconds(120),
                           const std::filesystem::path& working_dir = {});

std::string read_file(const std::filesystem::path& path);

// Whether the file (a log a child process writes) holds text at least count
// times within the limit, looked at every 20 ms.
bool file_holds(const std::filesystem::path& path, const std::string& text, int count = 1,
                std::chrono::milliseconds limit = std::chrono::seconds(5));

}  // namespace wsgate::testing
