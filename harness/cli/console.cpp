#include "cli/console.hpp"

#include <cstdio>
#include <ostream>

namespace wsgate::cli {

namespace report = harness::report;

namespace {

// The first line after the label, the others aligned under it; trailing
// empty lines (the end of an HTTP head) are dropped.
std::string indent(std::string text, const std::string& label) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    const std::string continuation(label.size(), ' ');
    std::string out = label;
    for (char c : text) {
        if (c == '\r') continue;
        out += c;
        if (c == '\n') out += continuation;
    }
    return out + "\n";
}

}  // namespace

bool fails_run(const report::case_result& r, bool strict) {
    if (r.result != report::outcome::failed && r.result != report::outcome::error) return false;
    return r.severity == report::level::required || (strict && r.severity == report::level::recommended);
}

void print_case(std::ostream& out, const report::case_result& r, bool verbose) {
    char ms[32];
    std::snprintf(ms, sizeof ms, "%.0f ms", r.duration_ms);
    const bool bad = r.result == report::outcome::failed || r.result == report::outcome::error;
    if (r.result == report::outcome::skipped) {
        out << "- " << r.id << " skipped: " << r.skip_reason << "\n";
        return;
    }
    if (!bad) {
        out << "✔ " << r.id << "  " << ms << "\n";
    } else {
        const char* mark = r.severity == report::level::required      ? "✘ "
                           : r.severity == report::level::recommended ? "⚠ "
                                                                       : "ℹ ";
        const char* note = r.severity == report::level::required      ? ""
                           : r.severity == report::level::recommended ? "  (recommended)"
                                                                       : "  (finding)";
        out << mark << r.id << "  " << ms << note << "\n";
        out << "    " << r.title << "\n    requirement: " << r.requirement << "\n";
    }
    if (!bad && !verbose) return;
    for (const auto& s : r.steps) {
        if (s.result == report::outcome::passed && !verbose) continue;
        out << "    step " << s.index << " (" << s.name << ")"
            << (s.result == report::outcome::passed ? " ok" : ": " + s.message) << "\n";
        if (!s.expected.empty()) out << indent(s.expected, "      expected: ");
        if (!s.actual.empty()) out << indent(s.actual, "      actual:   ");
        if (!s.diagnosis.empty()) out << indent(s.diagnosis, "      likely cause: ");
    }
    if (bad) {
        for (const auto& [name, log] : r.logs) out << "    " << name << " log:\n" << indent(log, "      ");
    }
}

}  // namespace wsgate::cli
