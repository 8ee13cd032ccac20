#include "wsgate/proc_stats.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>

namespace wsgate::proc {

namespace {

// Fields of /proc/PID/stat after the parenthesised command name, which may
// itself contain spaces.
std::vector<std::string> stat_fields(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    std::getline(in, line);
    const auto close = line.rfind(')');
    std::vector<std::string> fields;
    if (close == std::string::npos) return fields;
    std::istringstream rest(line.substr(close + 2));
    for (std::string f; rest >> f;) fields.push_back(f);
    return fields;
}

}  // namespace

std::vector<pid_t> process_tree(pid_t root) {
    std::multimap<pid_t, pid_t> children;
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
        const auto name = entry.path().filename().string();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        const pid_t pid = std::stoi(name);
        const auto f = stat_fields(pid);
        // Field 4 of stat is the parent pid; index 1 after the command name.
        if (f.size() > 1) children.emplace(std::stoi(f[1]), pid);
    }
    std::vector<pid_t> tree{root};
    for (std::size_t i = 0; i < tree.size(); ++i) {
        auto [lo, hi] = children.equal_range(tree[i]);
        for (auto it = lo; it != hi; ++it) tree.push_back(it->second);
    }
    return tree;
}

double cpu_seconds(pid_t root) {
    static const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
    double total = 0;
    for (pid_t pid : process_tree(root)) {
        const auto f = stat_fields(pid);
        // utime and stime are fields 14 and 15 of stat: indexes 11 and 12 here.
        if (f.size() > 12) total += (std::stod(f[11]) + std::stod(f[12])) / ticks;
    }
    return total;
}

namespace {

// One "Name:   N kB" line of /proc/PID/status, summed over the tree.
std::size_t status_kib(pid_t root, std::string_view field) {
    std::size_t total = 0;
    for (pid_t pid : process_tree(root)) {
        std::ifstream in("/proc/" + std::to_string(pid) + "/status");
        for (std::string line; std::getline(in, line);) {
            if (line.starts_with(field)) total += std::stoul(line.substr(field.size()));
        }
    }
    return total;
}

}  // namespace

std::size_t rss_kib(pid_t root) { return status_kib(root, "VmRSS:"); }

std::size_t peak_rss_kib(pid_t root) { return status_kib(root, "VmHWM:"); }

std::size_t open_fds(pid_t root) {
    std::size_t total = 0;
    for (pid_t pid : process_tree(root)) {
        std::error_code ec;
        for (std::filesystem::directory_iterator it("/proc/" + std::to_string(pid) + "/fd", ec), end; !ec && it != end;
             it.increment(ec))
            ++total;
    }
    return total;
}

}  // namespace wsgate::proc
