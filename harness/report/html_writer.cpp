#include "report/log_excerpt.hpp"
#include "report/writers.hpp"

#include <algorithm>
#include <cstdio>
#include <iterator>

namespace wsgate::harness::report {

const char* report_css() {
    return R"(body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#222}
h1{font-size:1.4em}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}
.passed{color:#176f2c}.failed,.error{color:#b00020}.skipped{color:#777}.finding{color:#a15c00}
details{margin:.4em 0;border:1px solid #ddd;border-radius:4px;padding:.3em .6em}summary{cursor:pointer}
pre{background:#f6f6f6;padding:.5em;overflow-x:auto;white-space:pre-wrap;overflow-wrap:anywhere;margin:.2em 0}
.dir{white-space:nowrap;color:#555}.t{white-space:nowrap;color:#777;text-align:right})";
}

namespace {

// Cases whose latencies say how fast the proxy is: those that passed and do
// not delay, fail or load backends on purpose.
bool in_latency_overview(const case_result& c) {
    static const char* deliberate[] = {"failover", "timeouts", "load"};
    if (c.result != outcome::passed) return false;
    for (const auto* tag : deliberate)
        if (std::find(c.tags.begin(), c.tags.end(), tag) != c.tags.end()) return false;
    return true;
}

// Horizontal bars for p50/p90/p99/max of two series, scaled to the largest.
std::string latency_svg(const std::vector<double>& handshake, const std::vector<double>& round_trip) {
    struct series {
        const char* name;
        const std::vector<double>* samples;
        const char* color;
    };
    const series all[] = {{"handshake", &handshake, "#4a78b5"}, {"round trip", &round_trip, "#d08a2b"}};
    const double quantiles[] = {50, 90, 99, 100};
    const char* labels[] = {"p50", "p90", "p99", "max"};
    double top = 0.001;
    for (const auto& s : all)
        for (double q : quantiles) top = std::max(top, percentile(*s.samples, q));
    const int row = 22, width = 520, label = 130;
    // Each series is a title row and a row per quantile.
    const int rows = static_cast<int>(std::size(all) * (1 + std::size(quantiles)));
    std::string svg = "<svg width=\"" + std::to_string(label + width + 90) + "\" height=\"" +
                      std::to_string(row * rows + 10) + "\" role=\"img\" aria-label=\"latency percentiles\">";
    int y = 5;
    for (const auto& s : all) {
        svg += "<text x=\"0\" y=\"" + std::to_string(y + 15) + "\" font-weight=\"bold\">" + std::string(s.name) + " (" +
               std::to_string(s.samples->size()) + ")</text>";
        y += row;
        for (int i = 0; i < 4; ++i) {
            const double v = percentile(*s.samples, quantiles[i]);
            const int w = static_cast<int>(width * v / top);
            svg += "<text x=\"20\" y=\"" + std::to_string(y + 15) + "\">" + labels[i] + "</text>";
            svg += "<rect x=\"" + std::to_string(label) + "\" y=\"" + std::to_string(y + 3) + "\" width=\"" +
                   std::to_string(std::max(w, 1)) + "\" height=\"15\" fill=\"" + s.color + "\"/>";
            svg += "<text x=\"" + std::to_string(label + std::max(w, 1) + 6) + "\" y=\"" + std::to_string(y + 15) +
                   "\">" + formatted(v) + " ms</text>";
            y += row;
        }
    }
    return svg + "</svg>";
}

std::string case_details(const case_result& c, bool strict) {
    const auto kind = tally_name(tally_of(c, strict));
    std::string h = "<details id=\"" + xml_escape(c.id) + "\"" +
                    (c.result == outcome::failed || c.result == outcome::error ? " open" : "") + "><summary><span class=\"" +
                    kind + "\">" + kind + "</span> <b>" + xml_escape(c.id) + "</b> " + xml_escape(c.title) + "</summary>";
    h += "<p><i>" + xml_escape(c.requirement) + "</i><br>level " + level_name(c.severity) + ", " + formatted(c.duration_ms, "%.0f") +
         " ms, " + xml_escape(c.file) + "</p>";
    if (!c.skip_reason.empty()) h += "<p>skipped: " + xml_escape(c.skip_reason) + "</p>";
    if (!c.steps.empty()) {
        h += "<table><tr><th>#</th><th>step</th><th>result</th><th>details</th></tr>";
        for (const auto& s : c.steps) {
            std::string detail = xml_escape(s.message);
            if (!s.expected.empty()) detail += "<pre>expected: " + xml_escape(s.expected) + "</pre>";
            if (!s.actual.empty()) detail += "<pre>actual: " + xml_escape(s.actual) + "</pre>";
            if (!s.diagnosis.empty()) detail += "<p><b>likely cause:</b> " + xml_escape(s.diagnosis) + "</p>";
            h += "<tr><td>" + std::to_string(s.index) + "</td><td>" + xml_escape(s.name) + "</td><td class=\"" +
                 outcome_name(s.result) + "\">" + outcome_name(s.result) + "</td><td>" + detail + "</td></tr>";
        }
        h += "</table>";
    }
    if (!c.transcript.empty()) {
        h += "<details><summary>wire transcript (" + std::to_string(c.transcript.size()) + " events)</summary><table>";
        for (const auto& t : c.transcript)
            h += "<tr><td class=\"t\">" + formatted(t.at_ms, "%.3f") + " ms</td><td class=\"dir\">" + xml_escape(t.direction) +
                 "</td><td><pre>" + xml_escape(t.text) + "</pre></td></tr>";
        h += "</table></details>";
    }
    for (const auto& [name, log] : c.logs)
        h += "<details><summary>" + xml_escape(name) + " log</summary><pre>" + xml_escape(condensed_log(log)) +
             "</pre></details>";
    return h + "</details>\n";
}

}  // namespace

std::string to_html(const run_result& run) {
    const auto t = run.totals();
    std::vector<double> handshake, round_trip;
    std::size_t measured = 0;
    for (const auto& c : run.cases) {
        if (!in_latency_overview(c)) continue;
        ++measured;
        handshake.insert(handshake.end(), c.handshake_ms.begin(), c.handshake_ms.end());
        round_trip.insert(round_trip.end(), c.round_trip_ms.begin(), c.round_trip_ms.end());
    }
    std::string h = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>wsgate report: " +
                    xml_escape(run.target) + "</title><style>" + report_css() + "</style></head><body>\n";
    h += "<h1>wsgate report: " + xml_escape(run.target) + "</h1>\n";
    const auto word = verdict(run);
    h += "<p id=\"totals\"><b class=\"" + std::string(word == "passed" ? "passed" : "failed") + "\">" + word +
         "</b>: " + totals_line(t) + " in " + formatted(run.duration_ms / 1000.0) + " s; started " +
         xml_escape(run.started_at) +
         (run.config_path.empty() ? "" : "; config " + xml_escape(run.config_path)) + "</p>\n";
    if (const auto causes = likely_causes(run); !causes.empty()) {
        h += "<h2>Likely causes</h2><ul>";
        for (const auto& [cause, n] : causes)
            h += "<li><b>" + std::to_string(n) + (n == 1 ? " case" : " cases") + "</b>: " + xml_escape(cause) + "</li>";
        h += "</ul>\n";
    }
    h += "<h2>Latency</h2><p>From the " + std::to_string(measured) +
         " cases that passed; failover, timeout and load cases, which delay or load on purpose, are left out.</p>" +
         latency_svg(handshake, round_trip) + "\n";
    h += "<h2>Overview</h2><table><tr><th>result</th><th>case</th><th>level</th><th>ms</th></tr>";
    const auto order = worst_first(run);
    for (const auto* c : order) {
        const auto kind = tally_name(tally_of(*c, run.strict));
        h += "<tr><td class=\"" + kind + "\">" + kind + "</td><td><a href=\"#" + xml_escape(c->id) + "\">" +
             xml_escape(c->id) + "</a></td><td>" + level_name(c->severity) + "</td><td>" +
             formatted(c->duration_ms, "%.0f") + "</td></tr>";
    }
    h += "</table>\n";
    if (!run.sandbox.empty()) {
        h += "<h2>Sandbox</h2><table><tr><th></th><th>in the config</th><th>in this run</th><th>where</th></tr>";
        for (const auto& row : run.sandbox)
            h += "<tr><td>" + xml_escape(row.kind) + "</td><td><code>" + xml_escape(row.original) +
                 "</code></td><td><code>" + xml_escape(row.now) + "</code></td><td>" + xml_escape(row.source) +
                 "</td></tr>";
        h += "</table>\n";
    }
    h += "<h2>Cases</h2>\n";
    for (const auto* c : order) h += case_details(*c, run.strict);
    for (const auto& [name, log] : run.logs)
        h += "<details><summary>" + xml_escape(name) + " log</summary><pre>" + xml_escape(log) + "</pre></details>";
    return h + "</body></html>\n";
}

}  // namespace wsgate::harness::report
