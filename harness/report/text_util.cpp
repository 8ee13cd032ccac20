#include "report/writers.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>

namespace wsgate::harness::report {

std::string xml_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (unsigned char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            default:
                // XML 1.0 forbids most control characters even escaped.
                if (c < 0x20 && c != '\n' && c != '\r' && c != '\t')
                    out += "\\x" + std::string(1, "0123456789abcdef"[c >> 4]) + "0123456789abcdef"[c & 15];
                else
                    out += static_cast<char>(c);
        }
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

}  // namespace wsgate::harness::report
