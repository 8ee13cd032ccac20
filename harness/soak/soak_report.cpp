#include "soak/soak_report.hpp"

#include <iomanip>
#include <sstream>

namespace wsgate::soak {

namespace {

std::string triple(const resource_figures& f) {
    return std::to_string(f.before) + " / " + std::to_string(f.peak) + " / " + std::to_string(f.after);
}

std::string verdict(const soak_row& row) {
    if (!row.skipped.empty()) return "skipped (" + row.skipped + ")";
    return row.passed() ? "survived" : "FAILED";
}

boost::json::object figures(const resource_figures& f) {
    return {{"before", f.before}, {"peak", f.peak}, {"after", f.after}};
}

}  // namespace

std::string failure_reasons(const soak_row& row) {
    std::string out;
    const auto add = [&](const std::string& reason) { out += (out.empty() ? "" : "; ") + reason; };
    if (!row.crash.empty()) add("crashed: " + row.crash);
    if (row.legit_failures > 0)
        add("legitimate failures: " + std::to_string(row.legit_failures) + " (" + row.first_legit_failure + ")");
    if (row.fd_leak)
        add("open files " + std::to_string(row.fds.after) + " after, " + std::to_string(row.fds.before) +
            " before the attack");
    return out;
}

std::string markdown_table(const std::vector<soak_row>& rows) {
    std::ostringstream out;
    out << "| attack | victim | result | attack connections | answered / closed by victim | legitimate echoes | "
           "legitimate failures | fds before / peak / after | RSS KiB before / peak / after |\n"
        << "|---|---|---|---:|---:|---:|---:|---:|---:|\n";
    for (const auto& r : rows) {
        out << "| " << r.attack << " | " << r.victim << " | " << verdict(r) << " | ";
        if (!r.skipped.empty()) {
            out << " |  |  |  |  |  |\n";
            continue;
        }
        out << r.attack_connections << " | " << r.answered << " / " << r.closed_by_victim << " | "
            << r.legit_messages << " | " << r.legit_failures << " | " << triple(r.fds) << " | " << triple(r.rss_kib)
            << " |\n";
    }
    return out.str();
}

boost::json::value to_json(const std::string& target, const std::vector<soak_row>& rows) {
    boost::json::array out;
    for (const auto& r : rows) {
        boost::json::object row{{"attack", r.attack},
                                {"victim", r.victim},
                                {"result", r.skipped.empty() ? (r.passed() ? "survived" : "failed") : "skipped"},
                                {"seconds", r.seconds}};
        if (!r.skipped.empty()) {
            row["skipped"] = r.skipped;
        } else {
            row["attack_connections"] = r.attack_connections;
            row["refused"] = r.refused;
            row["answered"] = r.answered;
            row["closed_by_victim"] = r.closed_by_victim;
            row["legit_messages"] = r.legit_messages;
            row["legit_failures"] = r.legit_failures;
            row["probes"] = r.probes;
            row["fds"] = figures(r.fds);
            row["rss_kib"] = figures(r.rss_kib);
            if (!r.passed()) row["reasons"] = failure_reasons(r);
        }
        out.push_back(std::move(row));
    }
    return boost::json::object{{"target", target}, {"rows", std::move(out)}};
}

}  // namespace wsgate::soak
