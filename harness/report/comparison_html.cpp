#include "report/comparison.hpp"
#include "report/writers.hpp"

#include <algorithm>
#include <cstdio>

namespace wsgate::harness::report {

namespace {

const char* extra_css = R"(.differs td:first-child{border-left:4px solid #a15c00}td.c{text-align:center}
td.n{text-align:right;white-space:nowrap}.why{font-size:.9em;color:#444}.chart{display:inline-block;margin:0 1.5em 1em 0;vertical-align:top})";

// One horizontal bar per target for one metric, scaled to the largest.
std::string bar_chart(const comparison& c, const std::string& transport, const load_metric& m) {
    std::vector<std::pair<std::string, double>> bars;
    for (const auto& t : c.targets) {
        const auto tr = t.load.find(transport);
        if (tr == t.load.end()) continue;
        const auto v = tr->second.values.find(m.key);
        if (v != tr->second.values.end()) bars.emplace_back(t.target, v->second);
    }
    if (bars.empty()) return {};
    double top = 1e-9;
    for (const auto& [name, v] : bars) top = std::max(top, v);
    const int row = 20, label = 70, width = 220;
    std::string svg = "<div class=\"chart\"><b>" + xml_escape(m.label) + "</b> (" + m.unit + ", " +
                      (m.higher_is_better ? "higher" : "lower") + " is better)<br><svg width=\"" +
                      std::to_string(label + width + 80) + "\" height=\"" + std::to_string(row * bars.size() + 6) +
                      "\" role=\"img\" aria-label=\"" + xml_escape(m.label) + "\">";
    int y = 3;
    for (const auto& [name, v] : bars) {
        const int w = std::max(1, static_cast<int>(width * v / top));
        const char* color = name == c.baseline ? "#777" : name == "direct" ? "#9bb7d9" : "#4a78b5";
        svg += "<text x=\"0\" y=\"" + std::to_string(y + 14) + "\">" + xml_escape(name) + "</text><rect x=\"" +
               std::to_string(label) + "\" y=\"" + std::to_string(y + 3) + "\" width=\"" + std::to_string(w) +
               "\" height=\"14\" fill=\"" + color + "\"/><text x=\"" + std::to_string(label + w + 5) + "\" y=\"" +
               std::to_string(y + 14) + "\">" + figure(v) + "</text>";
        y += row;
    }
    return svg + "</svg></div>";
}

std::string load_section(const comparison& c) {
    std::string h = "<h2>Load</h2><p>" + xml_escape(c.load_settings) + "</p>";
    if (!c.baseline.empty())
        h += "<p>In brackets: the ratio to <b>" + xml_escape(c.baseline) + "</b> measured in the same run.</p>";
    for (const char* transport : {"ws", "wss"}) {
        std::string table = "<table><tr><th>target</th>";
        for (const auto& m : load_metrics()) table += "<th>" + xml_escape(m.label) + " (" + m.unit + ")</th>";
        table += "<th>errors</th></tr>";
        bool any = false;
        for (const auto& t : c.targets) {
            const auto tr = t.load.find(transport);
            if (tr == t.load.end()) continue;
            any = true;
            table += "<tr><td>" + xml_escape(t.target) + "</td>";
            for (const auto& m : load_metrics()) {
                const auto v = tr->second.values.find(m.key);
                table += "<td class=\"n\">";
                if (v != tr->second.values.end()) {
                    table += figure(v->second);
                    if (auto r = ratio_to_baseline(c, t.target, transport, m.key); r && t.target != c.baseline)
                        table += " (" + figure(*r) + "×)";
                } else {
                    table += "–";
                }
                table += "</td>";
            }
            std::string errors = std::to_string(tr->second.error_count());
            for (const auto& [kind, n] : tr->second.errors) errors += " " + kind + "=" + std::to_string(n);
            table += "<td class=\"n\">" + xml_escape(errors) + "</td></tr>";
        }
        if (!any) continue;
        h += "<h3>" + std::string(transport) + "</h3>" + table + "</table>";
        for (const auto& m : load_metrics()) h += bar_chart(c, transport, m);
    }
    return h;
}

std::string matrix_section(const comparison& c) {
    const auto rows = conformance_matrix(c);
    if (rows.empty()) return {};
    std::string h = "<h2>Conformance</h2><table><tr><th>target</th><th>passed</th><th>failed</th><th>findings</th><th>skipped</th><th>errors</th></tr>";
    for (const auto& t : c.targets) {
        if (t.suite.cases.empty()) continue;
        const auto n = t.suite.totals();
        h += "<tr><td>" + xml_escape(t.target) + "</td><td class=\"n passed\">" + std::to_string(n.passed) +
             "</td><td class=\"n failed\">" + std::to_string(n.failed) + "</td><td class=\"n finding\">" +
             std::to_string(n.findings) + "</td><td class=\"n skipped\">" + std::to_string(n.skipped) +
             "</td><td class=\"n failed\">" + std::to_string(n.errors) + "</td></tr>";
    }
    std::size_t differing = 0;
    for (const auto& row : rows) differing += row.differs;
    h += "</table><p>" + std::to_string(rows.size()) + " cases, " + std::to_string(differing) +
         " with different results between targets (marked on the left, with the reason under the row).</p>";
    h += "<table><tr><th>case</th><th>level</th>";
    for (const auto& t : c.targets)
        if (!t.suite.cases.empty()) h += "<th>" + xml_escape(t.target) + "</th>";
    h += "</tr>";
    for (const auto& row : rows) {
        h += std::string("<tr") + (row.differs ? " class=\"differs\"" : "") + "><td><code>" + xml_escape(row.id) +
             "</code><br><span class=\"why\">" + xml_escape(row.title) + "</span></td><td>" +
             level_name(row.severity) + "</td>";
        for (const auto& t : c.targets) {
            if (t.suite.cases.empty()) continue;
            const auto it = row.results.find(t.target);
            if (it == row.results.end()) {
                h += "<td></td>";
                continue;
            }
            const bool finding = (it->second == outcome::failed || it->second == outcome::error) &&
                                 row.severity != level::required;
            const std::string cls = finding ? "finding" : outcome_name(it->second);
            h += "<td class=\"c " + cls + "\" title=\"" + xml_escape(row.details.count(t.target) ? row.details.at(t.target) : "") +
                 "\">" + cls + "</td>";
        }
        h += "</tr>";
        if (row.differs && !row.details.empty()) {
            std::string why;
            for (const auto& [target, detail] : row.details)
                why += "<b>" + xml_escape(target) + "</b>: " + xml_escape(detail) + "<br>";
            h += "<tr class=\"differs\"><td colspan=\"" + std::to_string(2 + c.targets.size()) + "\" class=\"why\">" +
                 why + "</td></tr>";
        }
    }
    return h + "</table>";
}

}  // namespace

std::string comparison_html(const comparison& c) {
    std::string h = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>wsgate compare</title><style>" +
                    std::string(report_css()) + extra_css + "</style></head><body>\n<h1>wsgate compare: ";
    for (std::size_t i = 0; i < c.targets.size(); ++i) h += (i ? ", " : "") + xml_escape(c.targets[i].target);
    h += "</h1><p>Started " + xml_escape(c.started_at) + ", " + figure(c.duration_s) + " s, wsgate " +
         xml_escape(c.tool_version) + ".</p>";
    for (const auto& t : c.targets)
        if (!t.start_error.empty())
            h += "<p class=\"failed\"><b>" + xml_escape(t.target) + "</b> could not be started:</p><pre>" +
                 xml_escape(t.start_error) + "</pre>";
    h += comparison_summary_html(c);
    h += matrix_section(c);
    bool any_load = false;
    for (const auto& t : c.targets) any_load = any_load || !t.load.empty();
    if (any_load) h += load_section(c);
    return h + "</body></html>\n";
}

}  // namespace wsgate::harness::report
