#include "report/writers.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>

namespace wsgate::harness::report {

namespace {

constexpr char hex_digits[] = "0123456789abcdef";
// A failure's summary fills one table cell; what was got is cut to this.
constexpr std::size_t summary_actual_bytes = 200;

void escape_byte(std::string& out, unsigned char c) {
    out += "\\x";
    out += hex_digits[c >> 4];
    out += hex_digits[c & 15];
}

// Length of the well-formed UTF-8 sequence at text[i] (RFC 3629: no overlong
// forms, no surrogates, nothing above U+10FFFF), 0 if there is none.
std::size_t utf8_sequence(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char c = byte(i);
    if (c < 0x80) return 1;
    std::size_t n = 0;
    unsigned char low = 0x80, high = 0xbf;  // allowed range of the second byte
    if (c >= 0xc2 && c <= 0xdf) n = 2;
    else if (c == 0xe0) n = 3, low = 0xa0;
    else if (c == 0xed) n = 3, high = 0x9f;
    else if (c >= 0xe1 && c <= 0xef) n = 3;
    else if (c == 0xf0) n = 4, low = 0x90;
    else if (c >= 0xf1 && c <= 0xf3) n = 4;
    else if (c == 0xf4) n = 4, high = 0x8f;
    else return 0;
    if (i + n > text.size() || byte(i + 1) < low || byte(i + 1) > high) return 0;
    for (std::size_t k = 2; k < n; ++k)
        if (byte(i + k) < 0x80 || byte(i + k) > 0xbf) return 0;
    return n;
}

// XML 1.0 forbids most control characters and U+FFFE/U+FFFF, even as
// character references.
bool xml_char(std::string_view sequence) {
    const auto c = static_cast<unsigned char>(sequence[0]);
    if (c < 0x20) return c == '\n' || c == '\r' || c == '\t';
    return !(sequence.size() == 3 && c == 0xef && static_cast<unsigned char>(sequence[1]) == 0xbf &&
             static_cast<unsigned char>(sequence[2]) >= 0xbe);
}

}  // namespace

std::string valid_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        if (const auto n = utf8_sequence(text, i)) {
            out.append(text.substr(i, n));
            i += n;
        } else {
            escape_byte(out, static_cast<unsigned char>(text[i++]));
        }
    }
    return out;
}

std::string xml_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        const auto n = utf8_sequence(text, i);
        if (n == 0 || !xml_char(text.substr(i, n))) {
            escape_byte(out, c);
            ++i;
            continue;
        }
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            default: out.append(text.substr(i, n));
        }
        i += n;
    }
    return out;
}

double percentile(std::vector<double> samples, double p) {
    if (samples.empty()) return 0;
    std::sort(samples.begin(), samples.end());
    const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(samples.size())));
    return samples[std::clamp<std::size_t>(rank, 1, samples.size()) - 1];
}

std::vector<std::filesystem::path> write_all(const run_result& run, const std::filesystem::path& dir) {
    std::filesystem::create_directories(dir);
    const std::pair<const char*, std::string> files[] = {{"junit.xml", to_junit_xml(run)},
                                                         {"report.json", to_json(run)},
                                                         {"summary.md", to_markdown(run)},
                                                         {"report.html", to_html(run)}};
    std::vector<std::filesystem::path> written;
    for (const auto& [name, text] : files) {
        const auto path = dir / name;
        std::ofstream(path, std::ios::binary) << text;
        written.push_back(path);
    }
    return written;
}

std::string failure_summary(const case_result& c) {
    if (c.result == outcome::skipped) return c.skip_reason;
    std::string detail;
    for (const auto& s : c.steps) {
        if (s.result == outcome::passed) continue;
        detail = "step " + std::to_string(s.index) + " (" + s.name + "): " + s.message;
        if (!s.expected.empty()) detail += "; expected " + s.expected;
        if (!s.actual.empty()) detail += "; got " + s.actual.substr(0, summary_actual_bytes);
        if (!s.diagnosis.empty()) detail += "; likely cause: " + s.diagnosis;
    }
    return detail;
}

std::string formatted(double v, const char* printf_format) {
    char text[64];
    std::snprintf(text, sizeof text, printf_format, v);
    return text;
}

std::string iso_utc(std::time_t wall) {
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&wall));
    return text;
}

std::string figure(double v) { return formatted(v, v >= 100 ? "%.0f" : "%.2f"); }

std::string markdown_cell(std::string_view raw) {
    std::string out;
    for (char c : valid_utf8(raw)) {
        if (c == '\n' || c == '\r') out += ' ';
        else if (c == '|') out += "\\|";
        else out += c;
    }
    return out;
}

}  // namespace wsgate::harness::report
