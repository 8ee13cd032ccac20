#include "cli/duration_option.hpp"

#include <charconv>
#include <cmath>
#include <utility>

namespace wsgate::cli {

namespace {

// Each unit and how many seconds it is; the longest suffix is tried first
// so that "ms" is not read as "m" followed by garbage.
constexpr std::pair<const char*, double> units[] = {{"ms", 1e-3}, {"s", 1}, {"m", 60}, {"h", 3600}};

}  // namespace

CLI::Validator seconds_with_units() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            double number = 0;
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
            if (ec != std::errc{} || !std::isfinite(number)) return "not a duration: " + text + " (250ms, 8s, 1m, 1h)";
            const std::string unit(text.substr(static_cast<std::size_t>(end - text.data())));
            if (unit.empty()) return {};
            for (const auto& [name, seconds] : units) {
                if (unit != name) continue;
                text = std::to_string(number * seconds);
                return {};
            }
            return "unknown unit \"" + unit + "\" in " + text + " (ms, s, m, h; a bare number is seconds)";
        },
        "DURATION");
}

}  // namespace wsgate::cli
