// What a run could leave behind: the processes still alive that mention a
// folder of its own on their command line.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace wsgate::testing {

// "PID: COMMAND LINE" of each live process (zombies left out) whose command
// line mentions path.
std::vector<std::string> processes_mentioning(const std::filesystem::path& path);

}  // namespace wsgate::testing
