#include "report/load_html.hpp"

#include "report/writers.hpp"

#include "load/format.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>

namespace wsgate::harness::report {

namespace {

// Ticks on a time axis at most this many apart in count, at round seconds.
constexpr std::size_t max_time_ticks = 10;

// A phase band narrower than this shows its name only as a tooltip.
constexpr double min_labelled_band_px = 40;

struct series {
    std::string name;
    std::string color;
    std::vector<std::pair<double, double>> points;  // x, y
};

struct x_axis {
    double min = 0, max = 1;
    std::vector<double> ticks;
    std::function<std::string(double)> label;
};

// A stretch of the time axis shaded and named: one phase of the load.
struct band {
    double from, to;
    const char* name;
    const char* fill;
};

// A line chart over the given x axis, the bands shaded behind the lines.
std::string line_chart(const std::string& title, const std::vector<series>& all, const x_axis& axis,
                       const std::string& y_unit, const std::vector<band>& bands = {}) {
    const double w = 640, h = 240, left = 60, bottom = 30, top = 20;
    double y_max = 1e-9;
    for (const auto& s : all)
        for (const auto& [x, y] : s.points) y_max = std::max(y_max, y);
    const double x_min = axis.min, x_max = axis.max > axis.min ? axis.max : axis.min + 1;
    const auto px = [&](double x) { return left + (x - x_min) / (x_max - x_min) * (w - left - 10); };
    const auto py = [&](double y) { return top + (1 - y / y_max) * (h - top - bottom); };
    std::string svg = "<h3>" + xml_escape(title) + "</h3><svg width=\"" + formatted(w, "%.0f") + "\" height=\"" +
                      formatted(h, "%.0f") + "\" role=\"img\" aria-label=\"" + xml_escape(title) + "\">";
    for (const auto& b : bands) {
        if (b.to <= b.from) continue;
        svg += "<rect x=\"" + formatted(px(b.from)) + "\" y=\"" + formatted(top) + "\" width=\"" +
               formatted(px(b.to) - px(b.from)) + "\" height=\"" + formatted(py(0) - top) + "\" fill=\"" + b.fill +
               "\"><title>" + b.name + "</title></rect>";
        // A band too narrow for its name keeps it in the tooltip only.
        if (px(b.to) - px(b.from) >= min_labelled_band_px)
            svg += "<text x=\"" + formatted(px(b.from) + 3) + "\" y=\"" + formatted(top + 12) +
                   "\" font-size=\"10\" fill=\"#555\">" + b.name + "</text>";
    }
    svg += "<line x1=\"" + formatted(left) + "\" y1=\"" + formatted(py(0)) + "\" x2=\"" + formatted(w - 10) + "\" y2=\"" + formatted(py(0)) +
           "\" stroke=\"#999\"/><line x1=\"" + formatted(left) + "\" y1=\"" + formatted(top) + "\" x2=\"" + formatted(left) + "\" y2=\"" +
           formatted(py(0)) + "\" stroke=\"#999\"/>";
    for (double f : {0.5, 1.0})
        svg += "<text x=\"2\" y=\"" + formatted(py(y_max * f) + 4) + "\" font-size=\"11\">" + formatted(y_max * f, "%.4g") + " " +
               y_unit + "</text>";
    for (double x : axis.ticks)
        if (x >= x_min && x <= x_max)
            svg += "<text x=\"" + formatted(px(x)) + "\" y=\"" + formatted(h - 10) + "\" font-size=\"11\" text-anchor=\"" +
                   (x == x_max ? "end" : "middle") + "\">" + xml_escape(axis.label(x)) + "</text>";
    double legend_x = left + 10;
    for (const auto& s : all) {
        std::string path;
        for (const auto& [x, y] : s.points) path += (path.empty() ? "M" : " L") + formatted(px(x)) + " " + formatted(py(y));
        svg += "<path d=\"" + path + "\" fill=\"none\" stroke=\"" + s.color + "\" stroke-width=\"1.6\"/>";
        svg += "<text x=\"" + formatted(legend_x) + "\" y=\"" + formatted(top - 6) + "\" font-size=\"12\" fill=\"" + s.color +
               "\">" + xml_escape(s.name) + "</text>";
        legend_x += 12 + 7 * static_cast<double>(s.name.size());
    }
    return svg + "</svg>";
}

// Seconds since the load began, from 0 to its last sample, ticked at a
// round step so that at most max_time_ticks show.
x_axis time_axis(double end_s) {
    x_axis axis{0, std::max(1.0, end_s), {}, [](double x) { return formatted(x, "%.0f") + " s"; }};
    double step = 1;
    for (double candidate : {1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0}) {
        step = candidate;
        if (axis.max / step <= static_cast<double>(max_time_ticks)) break;
    }
    for (double x = 0; x <= axis.max; x += step) axis.ticks.push_back(x);
    return axis;
}

std::vector<band> phase_bands(const load::load_phases& p, double end_s) {
    return {{0, p.ramp_until_s, "ramp", "#f5efe0"},
            {p.ramp_until_s, p.measure_from_s, "warm-up", "#e8eef6"},
            {p.measure_from_s, p.measure_until_s, "measure", "#e8f4ea"},
            {p.measure_until_s, end_s, "drain", "#f0f0f0"}};
}

// Percentile p plotted at -log10(1 - p/100): 90 % at 1, 99 % at 2, 99.9 % at 3.
double nines(double p) { return -std::log10(std::max(1e-6, 1 - p / 100)); }

series percentile_series(const load::histogram& hist, const std::string& name, const std::string& color) {
    series s{name, color, {}};
    for (double p : {0.0, 25.0, 50.0, 75.0, 90.0, 95.0, 97.5, 99.0, 99.5, 99.75, 99.9, 99.95, 99.99, 99.999})
        if (hist.count()) s.points.emplace_back(nines(p), static_cast<double>(hist.percentile(p)) / 1000.0);
    return s;
}

}  // namespace

std::string load_html(const load::load_result& r, const load_page_facts& facts) {
    std::string h = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>wsgate load</title><style>" +
                    std::string(report_css()) + "</style></head><body>\n<h1>wsgate load</h1><p>" +
                    xml_escape(facts.description) + "</p><p>measured from " + xml_escape(facts.measured_from) + ", wsgate " +
                    xml_escape(facts.tool_version) + ": <code>" + xml_escape(facts.command_line) + "</code></p>";
    if (facts.interrupted)
        h += "<p class=\"failed\"><b>interrupted</b>: the figures cover only the part of the load that ran</p>";
    if (!facts.generator_warning.empty())
        h += "<p class=\"failed\"><b>generator overloaded</b>: " + xml_escape(facts.generator_warning) + "</p>";
    if (!facts.thresholds.empty()) {
        h += "<table><tr><th>threshold</th><th>result</th></tr>";
        for (const auto& [rule, result] : facts.thresholds)
            h += "<tr><td><code>" + xml_escape(rule) + "</code></td><td class=\"" +
                 (result == "held" ? "passed" : "failed") + "\">" + xml_escape(result) + "</td></tr>";
        h += "</table>";
    }
    h += "<table><tr><th>messages/s</th><td>" + formatted(r.messages_per_second(), "%.0f") + "</td></tr><tr><th>messages</th><td>" +
         std::to_string(r.messages) + " in " + formatted(r.seconds, "%.2f") + " s</td></tr><tr><th>connected</th><td>" +
         std::to_string(r.connected) + " of " + std::to_string(r.connections) + "</td></tr><tr><th>errors</th><td>" +
         std::to_string(r.error_count());
    for (const auto& [kind, n] : r.errors) h += " " + xml_escape(kind) + "=" + std::to_string(n);
    h += "</td></tr></table><table><tr><th></th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th><th>max</th></tr>";
    const std::pair<const char*, const load::histogram*> rows[] = {{"round trip from intended send time", &r.latency},
                                                                   {"round trip from actual send time", &r.latency_uncorrected},
                                                                   {"TCP connect", &r.tcp},
                                                                   {"TLS handshake", &r.tls},
                                                                   {"WebSocket upgrade", &r.upgrade}};
    for (const auto& [name, hist] : rows) {
        if (!hist->count()) continue;
        h += std::string("<tr><th>") + name + "</th>";
        for (double p : {50.0, 90.0, 99.0, 99.9}) h += "<td class=\"t\">" + load::ms_text(hist->percentile(p), 3) + "</td>";
        h += "<td class=\"t\">" + load::ms_text(hist->max(), 3) + "</td></tr>";
    }
    h += "</table>";
    h += line_chart("Latency by percentile",
                    {percentile_series(r.latency, "from intended send time", "#b5484a"),
                     percentile_series(r.latency_uncorrected, "from actual send time", "#4a78b5")},
                    x_axis{0, 5, {0, 1, 2, 3, 4, 5},
                           [](double x) {
                               static const char* labels[] = {"0%", "90%", "99%", "99.9%", "99.99%", "99.999%"};
                               return std::string(labels[static_cast<int>(x)]);
                           }},
                    "ms");
    // Every time chart shares one axis, seconds since the load began: the
    // measurement window's second i ends at measure_from_s + i + 1, as a
    // timeline sample covers the second before it.
    double end_s = std::max(r.phases.ended_s, r.phases.measure_from_s + static_cast<double>(r.intervals.size()));
    if (!r.timeline.empty()) end_s = std::max(end_s, r.timeline.back().at_s);
    const auto axis = time_axis(end_s);
    const auto bands = phase_bands(r.phases, axis.max);
    series rate{"messages/s", "#4a78b5", {}}, p50{"p50", "#2f8f46", {}}, p99{"p99", "#b5484a", {}};
    for (std::size_t i = 0; i < r.intervals.size(); ++i) {
        const double at = r.phases.measure_from_s + static_cast<double>(i) + 1;
        std::uint64_t count = 0;
        std::vector<std::pair<std::size_t, std::uint64_t>> counts(r.intervals[i].begin(), r.intervals[i].end());
        for (const auto& [slot, n] : counts) count += n;
        rate.points.emplace_back(at, static_cast<double>(count));
        if (counts.empty()) continue;
        const auto hist = load::histogram::restore(counts, 1, load::histogram::value_of_slot(counts.back().first), 0);
        p50.points.emplace_back(at, static_cast<double>(hist.percentile(50)) / 1000.0);
        p99.points.emplace_back(at, static_cast<double>(hist.percentile(99)) / 1000.0);
    }
    h += "<p>Time charts share one axis, seconds since the load began, shaded by phase: ramp (connections opening), "
         "warm-up (echoes not counted), measure, drain.</p>";
    h += line_chart("Messages per second, by intended send time (measured window)", {rate}, axis, "msg/s", bands);
    h += line_chart("Latency per second, from the intended send time", {p50, p99}, axis, "ms", bands);
    series open{"open connections", "#4a78b5", {}}, errors{"errors", "#b5484a", {}};
    for (const auto& s : r.timeline) {
        open.points.emplace_back(s.at_s, s.open);
        errors.points.emplace_back(s.at_s, static_cast<double>(s.errors));
    }
    h += line_chart("Connections and errors per second (whole run)", {open, errors}, axis, "", bands);
    return h + "</body></html>\n";
}

}  // namespace wsgate::harness::report
