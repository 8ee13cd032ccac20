#include "wsgate_command.hpp"

#include "paths.hpp"

#include "wsgate/process.hpp"

#include <sys/wait.h>

#include <fstream>
#include <sstream>
#include <thread>

namespace wsgate::testing {

std::string read_file(const std::filesystem::path& path) {
    std::stringstream s;
    s << std::ifstream(path).rdbuf();
    return s.str();
}

bool file_holds(const std::filesystem::path& path, const std::string& text, int count,
                std::chrono::milliseconds limit) {
    constexpr auto step = std::chrono::milliseconds(20);
    const auto until = std::chrono::steady_clock::now() + limit;
    while (true) {
        const auto content = read_file(path);
        int seen = 0;
        for (auto at = content.find(text); at != std::string::npos; at = content.find(text, at + text.size())) ++seen;
        if (seen >= count) return true;
        if (std::chrono::steady_clock::now() >= until) return false;
        std::this_thread::sleep_for(step);
    }
}

command_outcome run_wsgate(const std::vector<std::string>& args, const std::filesystem::path& dir,
                           std::chrono::seconds limit, const std::filesystem::path& working_dir) {
    std::vector<std::string> argv = {(bin_dir() / "wsgate").string()};
    argv.insert(argv.end(), args.begin(), args.end());
    const auto log = dir / "wsgate.out";
    proc::child c({.argv = argv, .stdout_path = log.string(), .stderr_path = log.string(),
                   .working_dir = (working_dir.empty() ? source_dir() : working_dir).string()});
    auto status = c.wait_for(limit);
    if (!status) {
        c.stop(std::chrono::seconds(2));
        return {-1, read_file(log)};
    }
    return {WIFEXITED(*status) ? WEXITSTATUS(*status) : 128 + WTERMSIG(*status), read_file(log)};
}

}  // namespace wsgate::testing
