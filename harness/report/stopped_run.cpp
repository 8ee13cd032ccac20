#include "report/stopped_run.hpp"

#include <regex>
#include <sstream>

namespace wsgate::harness::report {

namespace {

// What each kind of stop says the run needed, as a case's requirement.
const char* requirement_of(stop_kind kind) {
    switch (kind) {
        case stop_kind::usage_error: return "the command line selects cases that exist";
        case stop_kind::scenario_error: return "every scenario file is well-formed";
        case stop_kind::config_error: return "the proxy accepts the configuration";
        case stop_kind::start_failure: return "the target and its backends start and listen";
    }
    return "";
}

// A line that names a place in a file ("/etc/nginx/nginx.conf:12",
// "scenarios/x.yaml:3:"): each is one problem of its own.
bool names_a_place(const std::string& line) {
    static const std::regex place(R"([^\s:]+:[0-9]+)");
    return std::regex_search(line, place);
}

}  // namespace

std::string stop_kind_name(stop_kind kind) {
    switch (kind) {
        case stop_kind::usage_error: return "usage-error";
        case stop_kind::scenario_error: return "scenario-error";
        case stop_kind::config_error: return "config-error";
        case stop_kind::start_failure: return "start-failure";
    }
    return "";
}

void add_stop_cases(run_result& run, stop_kind kind, const std::string& message) {
    // Only config and scenario errors list problems one per line; a start
    // failure is one problem whatever addresses its text names.
    std::vector<std::string> problems;
    std::istringstream lines(message);
    const bool listed = kind == stop_kind::config_error || kind == stop_kind::scenario_error;
    for (std::string line; listed && std::getline(lines, line);)
        if (names_a_place(line)) problems.push_back(line);
    if (problems.empty()) problems.push_back(message.substr(0, message.find('\n')));

    const auto name = stop_kind_name(kind);
    for (std::size_t i = 0; i < problems.size(); ++i) {
        case_result c;
        c.id = "wsgate/" + name + (problems.size() > 1 ? "/" + std::to_string(i + 1) : "");
        c.group = "wsgate";
        c.title = problems[i];
        c.requirement = requirement_of(kind);
        c.result = outcome::error;
        c.steps.push_back({.index = 1, .name = name, .result = outcome::error, .message = problems[i],
                           .actual = message});
        run.cases.push_back(std::move(c));
    }
}

}  // namespace wsgate::harness::report
