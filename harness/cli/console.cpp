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

void case_printer::print(const report::case_result& r) {
    char ms[32];
    std::snprintf(ms, sizeof ms, "%.0f ms", r.duration_ms);
    const auto kind = report::tally_of(r, strict_);
    const bool bad = kind != report::tally::passed && kind != report::tally::skipped;
    if (kind == report::tally::skipped) {
        out_ << "- " << r.id << " skipped: " << r.skip_reason << "\n";
        return;
    }
    if (!bad) {
        out_ << "✔ " << r.id << "  " << ms << "\n";
    } else {
        const bool recommended = r.severity == report::level::recommended;
        const char* mark = kind != report::tally::finding ? "✘ " : recommended ? "⚠ " : "ℹ ";
        const char* note = kind == report::tally::error     ? "  (error: could not be carried out)"
                           : kind == report::tally::failed  ? ""
                           : recommended                    ? "  (finding, recommended)"
                                                            : "  (finding)";
        out_ << mark << r.id << "  " << ms << note << "\n";
        out_ << "    " << r.title << "\n    requirement: " << r.requirement << "\n";
    }
    if (!bad && !verbose_) return;
    for (const auto& s : r.steps) {
        if (s.result == report::outcome::passed && !verbose_) continue;
        out_ << "    step " << s.index << " (" << s.name << ")"
            << (s.result == report::outcome::passed ? " ok" : ": " + s.message) << "\n";
        if (!s.expected.empty()) out_ << indent(s.expected, "      expected: ");
        if (!s.actual.empty()) out_ << indent(s.actual, "      actual:   ");
        if (!s.diagnosis.empty()) out_ << indent(s.diagnosis, "      likely cause: ");
    }
    if (bad) {
        for (const auto& [name, log] : r.logs) {
            const auto fresh = shown_[name].unseen(log);
            if (fresh.empty()) continue;
            if (fresh.find('\n') == std::string::npos) out_ << "    " << name << " log: " << fresh << "\n";
            else out_ << "    " << name << " log:\n" << indent(fresh, "      ");
        }
    }
}

void print_totals(std::ostream& out, const report::run_result& run) {
    if (run.interrupted) out << "interrupted\n";
    out << report::verdict(run) << ": " << report::totals_line(run.totals()) << std::endl;
}

}  // namespace wsgate::cli
