// ASCII text helpers for HTTP and config tokens: case-insensitive compare,
// lowercasing and comma-separated token lists, all ASCII-only (RFC 9110
// §5.1 field names and tokens are ASCII; the C locale's tolower is not
// needed and locale-dependent). The one copy every binary uses.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

namespace wsgate::ascii {

constexpr char to_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c | 0x20) : c; }
constexpr char to_upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c & ~0x20) : c; }

constexpr bool iequals(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) { return to_lower(x) == to_lower(y); });
}

constexpr bool istarts_with(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

inline std::string lowercase(std::string text) {
    for (auto& c : text) c = to_lower(c);
    return text;
}

inline std::string uppercase(std::string text) {
    for (auto& c : text) c = to_upper(c);
    return text;
}

// Without the spaces and tabs around it (RFC 9110 §5.6.3 OWS).
constexpr std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// Whether a comma-separated list ("keep-alive, Upgrade") names token, in any case.
constexpr bool has_token(std::string_view list, std::string_view token) {
    while (true) {
        const auto comma = list.find(',');
        if (iequals(trim(list.substr(0, comma)), token)) return true;
        if (comma == std::string_view::npos) return false;
        list.remove_prefix(comma + 1);
    }
}

// A word in double quotes, as nginx quotes names in its messages.
inline std::string quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

}  // namespace wsgate::ascii
