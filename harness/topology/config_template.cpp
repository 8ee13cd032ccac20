#include "topology/config_template.hpp"

#include <algorithm>
#include <cctype>

namespace wsgate::topology {

std::string render(const std::string& text, const std::map<std::string, std::string>& values,
                   const std::string& source_name) {
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    while (true) {
        const auto open = text.find("{{", pos);
        if (open == std::string::npos) break;
        const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<long>(open), '\n');
        const auto where = source_name + ":" + std::to_string(line) + ": ";
        const auto close = text.find("}}", open);
        if (close == std::string::npos || text.find('\n', open) < close)
            throw template_error(where + "unterminated placeholder \"{{\"");
        const auto name = text.substr(open + 2, close - open - 2);
        const auto it = values.find(name);
        if (it == values.end()) {
            std::string known;
            for (const auto& [key, value] : values) known += (known.empty() ? "" : ", ") + key;
            throw template_error(where + "unknown placeholder {{" + name + "}} (known: " + known + ")");
        }
        out.append(text, pos, open - pos);
        out += it->second;
        pos = close + 2;
    }
    out.append(text, pos);
    return out;
}

bool is_template(const std::string& text) {
    for (auto open = text.find("{{"); open != std::string::npos; open = text.find("{{", open + 2)) {
        std::size_t end = open + 2;
        while (end < text.size() && (std::isupper(static_cast<unsigned char>(text[end])) || text[end] == '_')) ++end;
        if (end > open + 2 && text.compare(end, 2, "}}") == 0) return true;
    }
    return false;
}

}  // namespace wsgate::topology
