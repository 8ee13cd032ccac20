#include "report/comparison.hpp"
#include "report/writers.hpp"

namespace wsgate::harness::report {

namespace {

const char* mark(outcome o) {
    switch (o) {
        case outcome::passed: return "pass";
        case outcome::failed: return "**FAIL**";
        case outcome::skipped: return "skip";
        case outcome::error: return "**ERROR**";
    }
    return "?";
}


}  // namespace

std::string comparison_markdown(const comparison& c) {
    std::string md = "# wsgate compare\n\n";
    md += "Targets: ";
    for (const auto& t : c.targets) md += "`" + t.target + "` ";
    md += "\n\nStarted " + c.started_at + ", " + figure(c.duration_s) + " s";
    if (c.repetitions) md += ", " + std::to_string(c.repetitions) + " load repetitions (targets interleaved)";
    md += ".\n\n";
    for (const auto& t : c.targets)
        if (!t.start_error.empty()) md += "- `" + t.target + "` could not be started: " + markdown_cell(t.start_error) + "\n";

    const auto rows = conformance_matrix(c);
    if (!rows.empty()) {
        md += "## Conformance\n\n| target | passed | failed | findings | skipped | errors |\n"
              "| --- | --- | --- | --- | --- | --- |\n";
        for (const auto& t : c.targets) {
            if (t.suite.cases.empty()) continue;
            const auto n = t.suite.totals();
            md += "| `" + t.target + "` | " + std::to_string(n.passed) + " | " + std::to_string(n.failed) + " | " +
                  std::to_string(n.findings) + " | " + std::to_string(n.skipped) + " | " + std::to_string(n.errors) +
                  " |\n";
        }
        md += "\n### Cases where the targets differ\n\n| case | level |";
        for (const auto& t : c.targets) md += " " + t.target + " |";
        md += " why |\n| --- | --- |";
        for (std::size_t i = 0; i < c.targets.size(); ++i) md += " --- |";
        md += " --- |\n";
        std::size_t same = 0;
        for (const auto& row : rows) {
            if (!row.differs) {
                ++same;
                continue;
            }
            md += "| `" + row.id + "` | " + level_name(row.severity) + " |";
            for (const auto& t : c.targets) {
                const auto it = row.results.find(t.target);
                md += std::string(" ") + (it == row.results.end() ? "" : mark(it->second)) + " |";
            }
            std::string why;
            for (const auto& [target, detail] : row.details) why += (why.empty() ? "" : "<br>") + target + ": " + detail;
            md += " " + markdown_cell(why) + " |\n";
        }
        md += "\n" + std::to_string(same) + " cases gave the same result on every target that ran them.\n\n";
    }

    bool any_load = false;
    for (const auto& t : c.targets) any_load = any_load || !t.load.empty();
    if (any_load) {
        md += "## Load\n\n" + c.load_settings + "\n\n";
        if (!c.baseline.empty()) md += "In brackets: the ratio to `" + c.baseline + "` in the same run.\n\n";
        for (const char* transport : {"ws", "wss"}) {
            md += "### " + std::string(transport) + "\n\n| target |";
            for (const auto& m : load_metrics()) md += " " + std::string(m.label) + " (" + m.unit + ") |";
            md += " errors |\n| --- |";
            for (std::size_t i = 0; i < load_metrics().size(); ++i) md += " ---: |";
            md += " ---: |\n";
            for (const auto& t : c.targets) {
                const auto it = t.load.find(transport);
                if (it == t.load.end()) continue;
                md += "| `" + t.target + "` |";
                for (const auto& m : load_metrics()) {
                    const auto v = it->second.values.find(m.key);
                    if (v == it->second.values.end()) {
                        md += " – |";
                        continue;
                    }
                    md += " " + figure(v->second);
                    if (auto r = ratio_to_baseline(c, t.target, transport, m.key); r && t.target != c.baseline)
                        md += " (" + figure(*r) + "×)";
                    md += " |";
                }
                md += " " + std::to_string(it->second.error_count()) + " |\n";
            }
            md += "\n";
        }
    }
    return md;
}

}  // namespace wsgate::harness::report
