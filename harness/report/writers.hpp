// The files a run leaves in --report-dir: junit.xml for CI servers,
// report.json (schema in reports/README.md), summary.md for CI job
// summaries, report.html for people. Each writer reads only the run result.
#pragma once

#include "report/result.hpp"

#include <ctime>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace wsgate::harness::report {

std::string to_junit_xml(const run_result& run);
std::string to_json(const run_result& run);
std::string to_markdown(const run_result& run);
std::string to_html(const run_result& run);

// Writes all four into dir (created if needed); returns the paths written.
std::vector<std::filesystem::path> write_all(const run_result& run, const std::filesystem::path& dir);

// Escapes for XML and HTML text and attributes. Characters XML cannot carry
// (control characters, bytes that are not UTF-8) are written as \xNN.
std::string xml_escape(std::string_view text);

// The text with every byte that is not part of well-formed UTF-8 written as
// \xNN: wire bytes in transcripts and logs can be anything, report files are
// UTF-8 text.
std::string valid_utf8(std::string_view text);

// One line on why a case did not pass: the step that failed with what was
// expected and what happened, or the skip reason.
std::string failure_summary(const case_result& c);

// v printed with a printf format ("%.2f", "%.0f"): numbers in reports.
std::string formatted(double v, const char* printf_format = "%.2f");

// Text fit for a Markdown table cell: valid UTF-8, one line, pipes escaped.
std::string markdown_cell(std::string_view raw);

// "2026-12-01T16:17:03Z": a wall-clock second in UTC, as every report dates things.
std::string iso_utc(std::time_t wall);

// A load figure as tables show it: whole numbers from 100 up, else two decimals.
std::string figure(double v);

// The style sheet every HTML report embeds.
const char* report_css();

std::string outcome_name(outcome o);
std::string level_name(level l);

// p-th percentile (0-100) of samples by nearest rank; 0 for none.
double percentile(std::vector<double> samples, double p);

}  // namespace wsgate::harness::report
