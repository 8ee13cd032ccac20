// The top of compare.html: what a reader decides from. Per target, its
// required cases and how often it differs from the baseline; per load
// metric, the targets ranked with each one's spread over the repetitions;
// warnings where the figures cannot carry the ranking they show.
#include "report/comparison.hpp"
#include "report/writers.hpp"

#include <algorithm>

namespace wsgate::harness::report {

namespace {

// Fewer repetitions than this say nothing about how much a figure varies.
constexpr unsigned min_trustworthy_repetitions = 3;

struct ranked {
    std::string target;
    double value = 0;
    // Percentiles come from merged histograms, and one repetition has no
    // spread: neither shows a range.
    bool has_range = false;
    double low = 0, high = 0;  // the repetitions' range
};

std::vector<ranked> ranking(const comparison& c, const std::string& transport, const load_metric& m) {
    std::vector<ranked> out;
    for (const auto& t : c.targets) {
        const auto tr = t.load.find(transport);
        if (tr == t.load.end()) continue;
        const auto v = tr->second.values.find(m.key);
        if (v == tr->second.values.end()) continue;
        ranked r{t.target, v->second, false, v->second, v->second};
        if (const auto reps = tr->second.repetitions.find(m.key); reps != tr->second.repetitions.end() && reps->second.size() > 1) {
            r.has_range = true;
            r.low = *std::min_element(reps->second.begin(), reps->second.end());
            r.high = *std::max_element(reps->second.begin(), reps->second.end());
        }
        out.push_back(r);
    }
    std::sort(out.begin(), out.end(), [&](const ranked& a, const ranked& b) {
        return m.higher_is_better ? a.value > b.value : a.value < b.value;
    });
    return out;
}

std::size_t differences_from(const comparison& c, const std::vector<matrix_row>& rows, const std::string& target) {
    std::size_t n = 0;
    for (const auto& row : rows) {
        const auto mine = row.results.find(target), theirs = row.results.find(c.baseline);
        if (mine != row.results.end() && theirs != row.results.end() && mine->second != theirs->second) ++n;
    }
    return n;
}

}  // namespace

std::string comparison_summary_html(const comparison& c) {
    std::string h = "<h2>Summary</h2>";
    const auto rows = conformance_matrix(c);
    h += "<table><tr><th>target</th><th>verdict</th><th>required failed</th><th>errors</th><th>findings</th>" +
         std::string(c.baseline.empty() ? "" : "<th>cases where it differs from " + xml_escape(c.baseline) + "</th>") +
         "</tr>";
    for (const auto& t : c.targets) {
        if (!t.start_error.empty()) {
            h += "<tr><td>" + xml_escape(t.target) + "</td><td class=\"failed\" colspan=\"5\">could not be started</td></tr>";
            continue;
        }
        if (t.suite.cases.empty()) continue;
        const auto n = t.suite.totals();
        const auto word = verdict(t.suite);
        h += "<tr><td>" + xml_escape(t.target) + "</td><td class=\"" + (word == "passed" ? "passed" : "failed") + "\">" +
             word + "</td><td class=\"n\">" + std::to_string(n.failed) + "</td><td class=\"n\">" +
             std::to_string(n.errors) + "</td><td class=\"n\">" + std::to_string(n.findings) + "</td>" +
             (c.baseline.empty() ? ""
                                 : "<td class=\"n\">" + (t.target == c.baseline ? std::string("(baseline)")
                                                                                : std::to_string(differences_from(c, rows, t.target))) +
                                       "</td>") +
             "</tr>";
    }
    h += "</table>";
    bool any_load = false;
    for (const auto& t : c.targets) any_load = any_load || !t.load.empty();
    if (!any_load) return h;
    if (c.repetitions < min_trustworthy_repetitions)
        h += "<p class=\"failed\"><b>Warning:</b> " + std::to_string(c.repetitions) +
             " repetition(s): fewer than " + std::to_string(min_trustworthy_repetitions) +
             " cannot show how much a figure varies, so the ranking below is indicative only.</p>";
    h += "<table><tr><th>transport</th><th>metric</th><th>ranking, best first (the range over the repetitions; "
         "latency percentiles come from the repetitions' merged histograms)</th></tr>";
    for (const char* transport : {"ws", "wss"}) {
        for (const auto& m : load_metrics()) {
            const auto order = ranking(c, transport, m);
            if (order.empty()) continue;
            std::string cell;
            bool overlapping = false;
            for (std::size_t i = 0; i < order.size(); ++i) {
                const auto& r = order[i];
                cell += (i ? ", " : "") + xml_escape(r.target) + " " + figure(r.value) +
                        (r.has_range ? " (" + figure(r.low) + "–" + figure(r.high) + ")" : "");
                // Ranges that overlap rank two targets the repetitions cannot tell apart.
                const auto& prev = order[i > 0 ? i - 1 : 0];
                if (i > 0 && r.has_range && prev.has_range && std::max(prev.low, r.low) <= std::min(prev.high, r.high))
                    overlapping = true;
            }
            if (overlapping)
                cell += "<br><span class=\"finding\">the spread is wider than some differences it ranks: those "
                        "targets are not told apart</span>";
            h += "<tr><td>" + std::string(transport) + "</td><td>" + xml_escape(m.label) + " (" + m.unit + ")</td><td>" +
                 cell + "</td></tr>";
        }
    }
    return h + "</table>";
}

}  // namespace wsgate::harness::report
