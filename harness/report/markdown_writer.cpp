#include "report/writers.hpp"

namespace wsgate::harness::report {

namespace {

// Listeners and backends one row each; the directives changed are counted
// here and listed in report.json, so the summary stays short.
std::string sandbox_markdown(const std::vector<sandbox_row>& rows) {
    if (rows.empty()) return {};
    std::string md = "## Sandbox\n\n| | in the config | in this run | where |\n| --- | --- | --- | --- |\n";
    std::size_t rewrites = 0;
    for (const auto& row : rows) {
        if (row.kind == "rewrite") {
            ++rewrites;
            continue;
        }
        md += "| " + row.kind + " | `" + markdown_cell(row.original) + "` | `" + markdown_cell(row.now) + "` | " +
              markdown_cell(row.source) + " |\n";
    }
    return md + "\n" + std::to_string(rewrites) + " directives changed in the run's copy (report.json, `sandbox`).\n\n";
}

}  // namespace

std::string to_markdown(const run_result& run) {
    const auto t = run.totals();
    std::string md = "# wsgate: " + run.target + "\n\n";
    md += "**" + verdict(run) + ": " + totals_line(t) + "** in " + formatted(run.duration_ms / 1000.0, "%.2f") + " s";
    if (!run.config_path.empty()) md += " (config `" + run.config_path + "`)";
    md += "\n\n";
    if (const auto causes = likely_causes(run); !causes.empty()) {
        md += "## Likely causes\n\n";
        for (const auto& [cause, n] : causes)
            md += "- **" + std::to_string(n) + (n == 1 ? " case" : " cases") + "**: " + markdown_cell(cause) + "\n";
        md += "\n";
    }
    std::string failures, findings;
    for (const auto* c : worst_first(run)) {
        const auto kind = tally_of(*c, run.strict);
        if (kind != tally::failed && kind != tally::error && kind != tally::finding) continue;
        const auto row = "| `" + c->id + "` | " + tally_name(kind) + " | " + markdown_cell(c->title) + " | " +
                         markdown_cell(failure_summary(*c)) + " |\n";
        (kind == tally::finding ? findings : failures) += row;
    }
    const std::string head = "| case | result | checks | what happened |\n| --- | --- | --- | --- |\n";
    if (!failures.empty()) md += "## Failures and errors\n\n" + head + failures + "\n";
    if (!findings.empty()) md += "## Findings (recommended and informational)\n\n" + head + findings + "\n";
    md += sandbox_markdown(run.sandbox);
    md += "## All cases\n\n| result | case | level | ms |\n| --- | --- | --- | --- |\n";
    for (const auto* c : worst_first(run))
        md += "| " + tally_name(tally_of(*c, run.strict)) + " | `" + c->id + "` | " + level_name(c->severity) + " | " +
              formatted(c->duration_ms, "%.0f") + " |\n";
    return md;
}

}  // namespace wsgate::harness::report
