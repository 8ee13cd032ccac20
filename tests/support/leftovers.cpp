#include "leftovers.hpp"

#include "wsgate_command.hpp"

#include <algorithm>

namespace wsgate::testing {

std::vector<std::string> processes_mentioning(const std::filesystem::path& path) {
    std::vector<std::string> found;
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
        const auto name = entry.path().filename().string();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        auto cmdline = read_file(entry.path() / "cmdline");
        std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
        const auto stat = read_file(entry.path() / "stat");
        const auto state_at = stat.rfind(") ");
        const bool zombie = state_at != std::string::npos && state_at + 2 < stat.size() && stat[state_at + 2] == 'Z';
        if (!zombie && cmdline.find(path.string()) != std::string::npos) found.push_back(name + ": " + cmdline);
    }
    return found;
}

}  // namespace wsgate::testing
