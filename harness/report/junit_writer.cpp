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

// One <testsuite> per scenario group, one <testcase> per case, counted by
// tally_of as every other output counts: failures are the cases that failed
// the run, errors the cases that could not be carried out, and findings are
// passing testcases with the finding in <system-out> (each suite's
// "findings" property counts them), so they do not fail a CI job. Elements
// and attributes are those of the Jenkins xUnit junit-10.xsd, the schema CI
// servers accept: it has no skipped count on <testsuites> and no file on
// <testcase> (report.json has the file).
std::string to_junit_xml(const run_result& run) {
    std::map<std::string, std::vector<const case_result*>> groups;
    for (const auto& c : run.cases) groups[c.group.empty() ? "wsgate" : c.group].push_back(&c);
    std::string x;
    const auto all = run.totals();
    for (const auto& [group, cases] : groups) {
        counts n;
        double ms = 0;
        for (const auto* c : cases) {
            switch (tally_of(*c, run.strict)) {
                case tally::passed: ++n.passed; break;
                case tally::failed: ++n.failed; break;
                case tally::finding: ++n.findings; break;
                case tally::skipped: ++n.skipped; break;
                case tally::error: ++n.errors; break;
            }
            ms += c->duration_ms;
        }
        x += "  <testsuite name=\"" + xml_escape(group) + "\" tests=\"" + std::to_string(cases.size()) +
             "\" failures=\"" + std::to_string(n.failed) + "\" errors=\"" + std::to_string(n.errors) +
             "\" skipped=\"" + std::to_string(n.skipped) + "\" time=\"" + seconds(ms) + "\" timestamp=\"" +
             xml_escape(run.started_at) + "\">\n";
        x += "    <properties><property name=\"target\" value=\"" + xml_escape(run.target) +
             "\"/><property name=\"findings\" value=\"" + std::to_string(n.findings) + "\"/></properties>\n";
        for (const auto* c : cases) {
            x += "    <testcase classname=\"" + xml_escape(group) + "\" name=\"" + xml_escape(c->id) + "\" time=\"" +
                 seconds(c->duration_ms) + "\">\n";
            switch (tally_of(*c, run.strict)) {
                case tally::passed: break;
                case tally::skipped:
                    x += "      <skipped message=\"" + xml_escape(c->skip_reason) + "\"/>\n";
                    break;
                case tally::failed:
                    x += "      <failure message=\"" + xml_escape(first_message(*c)) + "\" type=\"AssertionError\">" +
                         xml_escape(failure_text(*c)) + "</failure>\n";
                    break;
                case tally::error:
                    x += "      <error message=\"" + xml_escape(first_message(*c)) + "\" type=\"Error\">" +
                         xml_escape(failure_text(*c)) + "</error>\n";
                    break;
                case tally::finding:
                    x += "      <system-out>" + xml_escape("finding (" + level_name(c->severity) + "): " +
                                                           failure_text(*c)) +
                         "</system-out>\n";
                    break;
            }
            x += "    </testcase>\n";
        }
        x += "  </testsuite>\n";
    }
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"wsgate\" tests=\"" +
           std::to_string(all.total()) + "\" failures=\"" + std::to_string(all.failed) + "\" errors=\"" +
           std::to_string(all.errors) + "\" time=\"" + seconds(run.duration_ms) + "\">\n" + x + "</testsuites>\n";
}

}  // namespace wsgate::harness::report
