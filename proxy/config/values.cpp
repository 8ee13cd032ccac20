#include "values.hpp"

#include "wsgate/ascii.hpp"

#include <limits>

namespace wsgate::proxy::config {

namespace {

constexpr std::int64_t max_value = std::numeric_limits<std::int64_t>::max();

bool is_name_char(char ch) {
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
}

std::optional<std::int64_t> scaled(std::string_view text, std::int64_t scale) {
    const auto number = parse_number(text);
    if (!number || *number > max_value / scale) return std::nullopt;
    return *number * scale;
}

}  // namespace

std::optional<std::int64_t> parse_number(std::string_view text) {
    if (text.empty()) return std::nullopt;
    std::int64_t value = 0;
    for (const char ch : text) {
        if (ch < '0' || ch > '9') return std::nullopt;
        if (value > (max_value - (ch - '0')) / 10) return std::nullopt;
        value = value * 10 + (ch - '0');
    }
    return value;
}

std::optional<std::int64_t> parse_time(std::string_view text, bool seconds) {
    // The steps of ngx_parse_time: each unit may follow only larger ones.
    enum step { start, year, month, week, day, hour, min, sec, msec, last };
    int current = seconds ? start : month;
    std::int64_t value = 0;
    std::int64_t total = 0;
    bool valid = false;

    std::size_t p = 0;
    while (p < text.size()) {
        const char ch = text[p];
        if (ch >= '0' && ch <= '9') {
            if (value > (max_value - (ch - '0')) / 10) return std::nullopt;
            value = value * 10 + (ch - '0');
            valid = true;
            ++p;
            continue;
        }
        ++p;

        std::int64_t scale = 1;
        int unit = 0;
        switch (ch) {
            case 'y':
                if (current > start) return std::nullopt;
                unit = year;
                scale = 60LL * 60 * 24 * 365;
                break;
            case 'M':
                if (current >= month) return std::nullopt;
                unit = month;
                scale = 60LL * 60 * 24 * 30;
                break;
            case 'w':
                if (current >= week) return std::nullopt;
                unit = week;
                scale = 60LL * 60 * 24 * 7;
                break;
            case 'd':
                if (current >= day) return std::nullopt;
                unit = day;
                scale = 60LL * 60 * 24;
                break;
            case 'h':
                if (current >= hour) return std::nullopt;
                unit = hour;
                scale = 60LL * 60;
                break;
            case 'm':
                if (p < text.size() && text[p] == 's') {
                    if (seconds || current >= msec) return std::nullopt;
                    ++p;
                    unit = msec;
                    scale = 1;
                    break;
                }
                if (current >= min) return std::nullopt;
                unit = min;
                scale = 60;
                break;
            case 's':
                if (current >= sec) return std::nullopt;
                unit = sec;
                scale = 1;
                break;
            case ' ':
                if (current >= sec) return std::nullopt;
                unit = last;
                scale = 1;
                break;
            default:
                return std::nullopt;
        }
        current = unit;

        if (unit != msec && !seconds) scale *= 1000;
        if (value > max_value / scale) return std::nullopt;
        value *= scale;
        if (total > max_value - value) return std::nullopt;
        total += value;
        value = 0;
        while (p < text.size() && text[p] == ' ') ++p;
    }

    if (!valid) return std::nullopt;
    if (!seconds) {
        if (value > max_value / 1000) return std::nullopt;
        value *= 1000;
    }
    if (total > max_value - value) return std::nullopt;
    return total + value;
}

std::optional<std::int64_t> parse_size(std::string_view text) {
    if (text.empty()) return std::nullopt;
    switch (text.back()) {
        case 'k':
        case 'K':
            return scaled(text.substr(0, text.size() - 1), 1024);
        case 'm':
        case 'M':
            return scaled(text.substr(0, text.size() - 1), 1024 * 1024);
        default:
            return parse_number(text);
    }
}

std::optional<std::int64_t> parse_offset(std::string_view text) {
    if (!text.empty() && (text.back() == 'g' || text.back() == 'G'))
        return scaled(text.substr(0, text.size() - 1), 1024LL * 1024 * 1024);
    return parse_size(text);
}

value_template compile_template(std::string_view text) {
    value_template result;
    result.source = std::string(text);

    std::string literal;
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] != '$') {
            literal += text[i++];
            continue;
        }
        if (++i == text.size()) throw template_error("invalid variable name");
        // ngx_http_script_compile: "$1".."$9" is a capture of the last
        // regex that matched, one digit long ("$12" is $1 then "2").
        if (text[i] >= '1' && text[i] <= '9') {
            if (!literal.empty()) result.parts.push_back({false, std::move(literal)});
            literal.clear();
            result.parts.push_back({true, std::string(1, text[i++])});
            continue;
        }

        bool bracket = false;
        if (text[i] == '{') {
            bracket = true;
            if (++i == text.size()) throw template_error("invalid variable name");
        }
        std::string name;
        for (; i < text.size(); ++i) {
            const char ch = text[i];
            if (ch == '}' && bracket) {
                ++i;
                bracket = false;
                break;
            }
            if (!is_name_char(ch)) break;
            name += ch;
        }
        if (bracket) throw template_error("the closing bracket in \"" + name + "\" variable is missing");
        for (char& ch : name) ch = ascii::to_lower(ch);
        if (name.empty()) throw template_error("invalid variable name");

        if (!literal.empty()) result.parts.push_back({false, std::move(literal)});
        literal.clear();
        result.parts.push_back({true, std::move(name)});
    }
    if (!literal.empty()) result.parts.push_back({false, std::move(literal)});
    return result;
}

std::optional<std::string> single_variable(const value_template& value) {
    if (value.parts.size() == 1 && value.parts[0].is_variable) return value.parts[0].text;
    return std::nullopt;
}

}  // namespace wsgate::proxy::config
