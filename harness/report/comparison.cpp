#include "report/comparison.hpp"
#include "report/writers.hpp"

#include <algorithm>
#include <fstream>

namespace wsgate::harness::report {

const std::vector<load_metric>& load_metrics() {
    static const std::vector<load_metric> metrics = {
        {"saturation_messages_per_second", "saturation", "msg/s", true},
        {"fixed_rate_p50_us", "p50 at fixed rate", "µs", false},
        {"fixed_rate_p99_us", "p99 at fixed rate", "µs", false},
        {"fixed_rate_p999_us", "p99.9 at fixed rate", "µs", false},
        {"handshakes_per_second", "handshakes", "/s", true},
        {"cpu_us_per_message", "CPU per message", "µs", false},
        {"rss_kib_per_idle_connection", "RSS per idle connection", "KiB", false},
    };
    return metrics;
}

std::uint64_t load_figures::error_count() const {
    std::uint64_t n = 0;
    for (const auto& [kind, count] : errors) n += count;
    return n;
}

std::vector<matrix_row> conformance_matrix(const comparison& c) {
    std::vector<matrix_row> rows;
    std::map<std::string, std::size_t> index;
    for (const auto& t : c.targets) {
        for (const auto& r : t.suite.cases) {
            auto [it, inserted] = index.emplace(r.id, rows.size());
            if (inserted) rows.push_back({r.id, r.title, r.severity, {}, {}, false});
            auto& row = rows[it->second];
            row.results[t.target] = r.result;
            if (r.result != outcome::passed) row.details[t.target] = failure_summary(r);
        }
    }
    // A skipped case says nothing about the target, so only the outcomes
    // of targets that ran it are compared.
    for (auto& row : rows) {
        std::optional<outcome> first;
        for (const auto& [target, o] : row.results) {
            if (o == outcome::skipped) continue;
            if (!first) first = o;
            row.differs = row.differs || o != *first;
        }
    }
    return rows;
}

std::optional<double> ratio_to_baseline(const comparison& c, const std::string& target, const std::string& transport,
                                        const std::string& metric) {
    if (c.baseline.empty()) return std::nullopt;
    const auto figure = [&](const std::string& name) -> std::optional<double> {
        for (const auto& t : c.targets) {
            if (t.target != name) continue;
            const auto tr = t.load.find(transport);
            if (tr == t.load.end()) return std::nullopt;
            const auto v = tr->second.values.find(metric);
            if (v == tr->second.values.end()) return std::nullopt;
            return v->second;
        }
        return std::nullopt;
    };
    const auto value = figure(target);
    const auto base = figure(c.baseline);
    if (!value || !base || *base <= 0) return std::nullopt;
    return *value / *base;
}

std::vector<std::filesystem::path> write_comparison(const comparison& c, const std::filesystem::path& dir) {
    std::filesystem::create_directories(dir);
    std::vector<std::filesystem::path> written;
    const std::pair<const char*, std::string> files[] = {
        {"compare.json", comparison_json(c)}, {"compare.md", comparison_markdown(c)}, {"compare.html", comparison_html(c)}};
    for (const auto& [name, text] : files) {
        const auto path = dir / name;
        std::ofstream out(path, std::ios::binary);
        out << text;
        if (!out) throw std::runtime_error("cannot write " + path.string());
        written.push_back(path);
    }
    return written;
}

}  // namespace wsgate::harness::report
