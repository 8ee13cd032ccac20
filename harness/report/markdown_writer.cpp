#include "report/writers.hpp"

namespace wsgate::harness::report {

std::string to_markdown(const run_result& run) {
    const auto t = run.totals();
    std::string md = "# wsgate: " + run.target + "\n\n";
    md += "**" + std::to_string(t.passed) + " passed, " + std::to_string(t.failed) + " failed, " +
          std::to_string(t.skipped) + " skipped" + (t.errors ? ", " + std::to_string(t.errors) + " errors" : "") +
          "** in " + formatted(run.duration_ms / 1000.0, "%.2f") + " s";
    if (!run.config_path.empty()) md += " (config `" + run.config_path + "`)";
    md += "\n\n";
    std::string failures, findings;
    for (const auto& c : run.cases) {
        if (c.result != outcome::failed && c.result != outcome::error) continue;
        const auto row = "| `" + c.id + "` | " + markdown_cell(c.title) + " | " + markdown_cell(failure_summary(c)) + " |\n";
        (c.severity == level::required || run.strict ? failures : findings) += row;
    }
    if (!failures.empty()) md += "## Failures\n\n| case | checks | what happened |\n| --- | --- | --- |\n" + failures + "\n";
    if (!findings.empty())
        md += "## Findings (recommended and informational)\n\n| case | checks | what happened |\n| --- | --- | --- |\n" +
              findings + "\n";
    md += "## All cases\n\n| result | case | level | ms |\n| --- | --- | --- | --- |\n";
    for (const auto& c : run.cases)
        md += "| " + outcome_name(c.result) + " | `" + c.id + "` | " + level_name(c.severity) + " | " +
              formatted(c.duration_ms, "%.0f") + " |\n";
    return md;
}

}  // namespace wsgate::harness::report
