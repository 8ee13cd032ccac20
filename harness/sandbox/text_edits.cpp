#include "sandbox/text_edits.hpp"

#include <algorithm>
#include <stdexcept>

namespace wsgate::sandbox {

std::string apply_edits(const std::string& text, std::vector<text_edit> edits) {
    std::stable_sort(edits.begin(), edits.end(), [](const text_edit& a, const text_edit& b) {
        return a.begin < b.begin || (a.begin == b.begin && a.end < b.end);
    });
    std::string out;
    out.reserve(text.size());
    std::size_t at = 0;
    for (const auto& e : edits) {
        if (e.begin < at || e.end < e.begin || e.end > text.size())
            throw std::invalid_argument("overlapping or out-of-range edit at offset " + std::to_string(e.begin));
        out.append(text, at, e.begin - at);
        out += e.replacement;
        out.append(static_cast<std::size_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(e.begin),
                                                       text.begin() + static_cast<std::ptrdiff_t>(e.end), '\n')),
                   '\n');
        at = e.end;
    }
    out.append(text, at, std::string::npos);
    return out;
}

std::string config_word(const std::string& word) {
    if (!word.empty() && word.find_first_of(" \t\r\n\"';{}#\\") == std::string::npos) return word;
    std::string quoted = "\"";
    for (const char c : word) {
        if (c == '"' || c == '\\') quoted += '\\';
        quoted += c;
    }
    return quoted + "\"";
}

}  // namespace wsgate::sandbox
