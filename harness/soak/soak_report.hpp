// The soak's results as one Markdown table (the console prints it, the
// benchmark notes quote it) and as JSON (--json), from the same rows.
#pragma once

#include "soak/soak_run.hpp"

#include <boost/json/value.hpp>

#include <string>
#include <vector>

namespace wsgate::soak {

// One line per row: attack, victim, verdict and figures.
std::string markdown_table(const std::vector<soak_row>& rows);

// The reasons a row failed, in words ("legitimate failures: 3 (...)"); empty when it passed.
std::string failure_reasons(const soak_row& row);

boost::json::value to_json(const std::string& target, const std::vector<soak_row>& rows);

}  // namespace wsgate::soak
