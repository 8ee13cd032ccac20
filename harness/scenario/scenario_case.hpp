// A conformance case as read from a scenario file: what it checks, where it
// applies, and the steps the engine carries out.
#pragma once

#include "engine/steps.hpp"
#include "report/result.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace wsgate::scenario {

struct scenario_case {
    std::string id;           // "handshake/accept-key", unique across the suite
    std::string group;        // folder below the scenario root: "handshake"
    std::string title;
    std::string requirement;  // "RFC 6455 §4.2.2: ..."
    harness::report::level severity = harness::report::level::required;
    std::vector<std::string> tags;
    std::vector<std::string> targets;  // empty: every target
    std::optional<std::string> skip;   // reason; the case is listed but not run
    std::chrono::milliseconds timeout = engine::default_case_timeout;
    std::vector<engine::step> steps;
    std::string file;
    int line = 0;
};

}  // namespace wsgate::scenario
