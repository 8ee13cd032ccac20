#include "inspect/config_duration.hpp"

#include <cctype>
#include <utility>

namespace wsgate::inspect {

namespace {

// More digits than this is no duration a config means.
constexpr std::size_t max_digits = 12;

}  // namespace

std::optional<std::chrono::milliseconds> duration_of(const std::string& text) {
    static const std::pair<const char*, long long> units[] = {{"ms", 1}, {"s", 1000}, {"m", 60000}, {"h", 3600000},
                                                              {"d", 86400000}};
    std::size_t digits = 0;
    while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
    if (digits == 0 || digits > max_digits) return std::nullopt;
    const auto number = std::stoll(text.substr(0, digits));
    const auto unit = text.substr(digits);
    if (unit.empty()) return std::chrono::milliseconds(number * 1000);
    for (const auto& [name, ms] : units)
        if (unit == name) return std::chrono::milliseconds(number * ms);
    return std::nullopt;
}

}  // namespace wsgate::inspect
