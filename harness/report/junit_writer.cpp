#include "report/writers.hpp"

#include <cstdio>
#include <map>

namespace wsgate::harness::report {

namespace {

std::string seconds(double ms) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", ms / 1000.0);
    return buf;
}

std::string failure_text(const case_result& c) {
    std::string text = c.requirement + "\n";
    for (const auto& s : c.steps) {
        if (s.result == outcome::passed) continue;
        text += "step " + std::to_string(s.index) + " (" + s.name + "): " + s.message + "\n";
        if (!s.expected.empty()) text += "expected: " + s.expected + "\n";
        if (!s.actual.empty()) text += "actual: " + s.actual + "\n";
        if (!s.diagnosis.empty()) text += "likely cause: " + s.diagnosis + "\n";
    }
    return text;
}

std::string first_message(const case_result& c) {
    for (const auto& s : c.steps)
        if (s.result != outcome::passed) return "step " + std::to_string(s.index) + " (" + s.name + "): " + s.message;
    return "failed";
}

}  // namespace

// One <testsuite> per scenario group, one <testcase> per case; failures of
// recommended and informational cases are reported as passing testcases
// with the finding in <system-out>, so they do not fail a CI job. Elements
// and attributes are those of the Jenkins xUnit junit-10.xsd, the schema
// CI servers accept: it has no skipped count on <testsuites> and no file on
// <testcase> (report.json has the file).
std::string to_junit_xml(const run_result& run) {
    std::map<std::string, std::vector<const case_result*>> groups;
    for (const auto& c : run.cases) groups[c.group.empty() ? "wsgate" : c.group].push_back(&c);
    std::string x;
    std::size_t all_failures = 0, all_errors = 0;
    for (const auto& [group, cases] : groups) {
        std::size_t failures = 0, errors = 0, skipped = 0;
        double ms = 0;
        for (const auto* c : cases) {
            const bool counts = c->severity == level::required || run.strict;
            failures += c->result == outcome::failed && counts;
            errors += c->result == outcome::error && counts;
            skipped += c->result == outcome::skipped;
            ms += c->duration_ms;
        }
        all_failures += failures;
        all_errors += errors;
        x += "  <testsuite name=\"" + xml_escape(group) + "\" tests=\"" + std::to_string(cases.size()) +
             "\" failures=\"" + std::to_string(failures) + "\" errors=\"" + std::to_string(errors) + "\" skipped=\"" +
             std::to_string(skipped) + "\" time=\"" + seconds(ms) + "\" timestamp=\"" + xml_escape(run.started_at) +
             "\">\n";
        x += "    <properties><property name=\"target\" value=\"" + xml_escape(run.target) + "\"/></properties>\n";
        for (const auto* c : cases) {
            x += "    <testcase classname=\"" + xml_escape(group) + "\" name=\"" + xml_escape(c->id) + "\" time=\"" +
                 seconds(c->duration_ms) + "\">\n";
            const bool counts = c->severity == level::required || run.strict;
            if (c->result == outcome::skipped) {
                x += "      <skipped message=\"" + xml_escape(c->skip_reason) + "\"/>\n";
            } else if ((c->result == outcome::failed || c->result == outcome::error) && counts) {
                const char* tag = c->result == outcome::failed ? "failure" : "error";
                x += "      <" + std::string(tag) + " message=\"" + xml_escape(first_message(*c)) + "\" type=\"" +
                     (c->result == outcome::failed ? "AssertionError" : "Error") + "\">" +
                     xml_escape(failure_text(*c)) + "</" + tag + ">\n";
            } else if (c->result != outcome::passed) {
                x += "      <system-out>" + xml_escape("finding (" + std::string(c->severity == level::recommended
                                                                            ? "recommended"
                                                                            : "informational") +
                                                       "): " + failure_text(*c)) +
                     "</system-out>\n";
            }
            x += "    </testcase>\n";
        }
        x += "  </testsuite>\n";
    }
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"wsgate\" tests=\"" +
           std::to_string(run.cases.size()) + "\" failures=\"" + std::to_string(all_failures) + "\" errors=\"" +
           std::to_string(all_errors) + "\" time=\"" + seconds(run.duration_ms) + "\">\n" + x + "</testsuites>\n";
}

}  // namespace wsgate::harness::report
