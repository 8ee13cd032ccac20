#include "report/result.hpp"

#include <algorithm>

namespace wsgate::harness::report {

tally tally_of(const case_result& c, bool strict) {
    switch (c.result) {
        case outcome::passed: return tally::passed;
        case outcome::skipped: return tally::skipped;
        case outcome::error: return tally::error;
        case outcome::failed: break;
    }
    const bool fails = c.severity == level::required || (strict && c.severity == level::recommended);
    return fails ? tally::failed : tally::finding;
}

std::string tally_name(tally t) {
    switch (t) {
        case tally::passed: return "passed";
        case tally::failed: return "failed";
        case tally::finding: return "finding";
        case tally::skipped: return "skipped";
        case tally::error: return "error";
    }
    return "";
}

counts run_result::totals() const {
    counts c;
    for (const auto& k : cases) {
        switch (tally_of(k, strict)) {
            case tally::passed: ++c.passed; break;
            case tally::failed: ++c.failed; break;
            case tally::finding: ++c.findings; break;
            case tally::skipped: ++c.skipped; break;
            case tally::error: ++c.errors; break;
        }
    }
    return c;
}

std::string totals_line(const counts& c) {
    const auto part = [](std::size_t n, const char* one, const char* many) {
        return std::to_string(n) + " " + (n == 1 ? one : many);
    };
    return part(c.passed, "passed", "passed") + ", " + part(c.failed, "failed", "failed") + ", " +
           part(c.findings, "finding", "findings") + ", " + part(c.skipped, "skipped", "skipped") + ", " +
           part(c.errors, "error", "errors");
}

std::string verdict(const run_result& run) {
    if (run.interrupted) return "interrupted";
    return run.totals().fails_run() ? "failed" : "passed";
}

std::vector<std::pair<std::string, std::size_t>> likely_causes(const run_result& run) {
    std::vector<std::pair<std::string, std::size_t>> causes;
    for (const auto& c : run.cases) {
        const auto kind = tally_of(c, run.strict);
        if (kind != tally::failed && kind != tally::error) continue;
        const auto step = std::find_if(c.steps.begin(), c.steps.end(),
                                       [](const step_result& s) { return !s.diagnosis.empty(); });
        if (step == c.steps.end()) continue;
        auto known = std::find_if(causes.begin(), causes.end(), [&](const auto& x) { return x.first == step->diagnosis; });
        if (known == causes.end()) causes.emplace_back(step->diagnosis, 1);
        else ++known->second;
    }
    std::stable_sort(causes.begin(), causes.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    return causes;
}

std::vector<const case_result*> worst_first(const run_result& run) {
    const auto rank = [&](const case_result* c) {
        switch (tally_of(*c, run.strict)) {
            case tally::failed: return 0;
            case tally::error: return 1;
            case tally::finding: return 2;
            case tally::passed: return 3;
            case tally::skipped: return 4;
        }
        return 5;
    };
    std::vector<const case_result*> order;
    for (const auto& c : run.cases) order.push_back(&c);
    std::stable_sort(order.begin(), order.end(),
                     [&](const case_result* a, const case_result* b) { return rank(a) < rank(b); });
    return order;
}

}  // namespace wsgate::harness::report
