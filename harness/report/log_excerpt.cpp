#include "report/log_excerpt.hpp"

#include <map>
#include <regex>
#include <sstream>
#include <vector>

namespace wsgate::harness::report {

namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

// Lines in first-seen order with how often each key came.
std::string folded(const std::vector<std::string>& lines) {
    std::vector<std::pair<std::string, std::size_t>> order;
    std::map<std::string, std::size_t> at;
    for (const auto& line : lines) {
        const auto key = log_line_key(line);
        if (auto known = at.find(key); known != at.end()) {
            ++order[known->second].second;
            continue;
        }
        at[key] = order.size();
        order.emplace_back(line, 1);
    }
    std::string out;
    for (const auto& [line, count] : order)
        out += line + (count > 1 ? " (x" + std::to_string(count) + ")" : "") + "\n";
    return out;
}

}  // namespace

std::string log_line_key(const std::string& line) {
    static const std::regex stamp(R"(^\s*\d{4}[/-]\d\d[/-]\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?\s*)");
    static const std::regex numbers(R"(\d+#\d+: (\*\d+ )?|\[\d+\]|\(\d+\))");
    return std::regex_replace(std::regex_replace(line, stamp, ""), numbers, "");
}

std::string condensed_log(const std::string& log) { return folded(lines_of(log)); }

std::string shown_log_lines::unseen(const std::string& log) {
    std::vector<std::string> fresh;
    std::size_t left_out = 0, new_lines = 0;
    for (const auto& line : lines_of(log)) {
        const auto key = log_line_key(line);
        // A file's name line ("error.log:") belongs to every excerpt.
        if (!line.empty() && line.back() == ':' && line.find(' ') == std::string::npos) {
            fresh.push_back(line);
            continue;
        }
        if (keys_.count(key)) {
            ++left_out;
            continue;
        }
        keys_.insert(key);
        fresh.push_back(line);
        ++new_lines;
    }
    const auto note = "(" + std::to_string(left_out) + " lines shown for an earlier case)";
    if (new_lines == 0) return left_out ? note : "";
    return folded(fresh) + (left_out ? note + "\n" : "");
}

}  // namespace wsgate::harness::report
