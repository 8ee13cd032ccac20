#include "inspect/sample_path.hpp"

#include <string_view>

namespace wsgate::inspect {

std::string sample_path(const std::string& regex) {
    std::string path;
    for (std::size_t i = regex.starts_with("^") ? 1 : 0; i < regex.size(); ++i) {
        const char c = regex[i];
        if (c == '\\' && i + 1 < regex.size()) {
            path += regex[++i];
            continue;
        }
        if (std::string_view("()[]{}|?*+.$").find(c) != std::string_view::npos) break;
        path += c;
    }
    return path.starts_with("/") ? path : "/" + path;
}

}  // namespace wsgate::inspect
