#include "names.hpp"

namespace wsgate::proxy::config {

std::optional<name_kind> classify_name(std::string_view name) {
    int stars = 0;
    for (std::size_t i = 0; i < name.size(); ++i) {
        if (name[i] == '*' && ++stars > 1) return std::nullopt;
        if (name[i] == '.' && i + 1 < name.size() && name[i + 1] == '.') return std::nullopt;
        if (name[i] == '\0') return std::nullopt;
    }
    if (name.size() > 1 && name[0] == '.') return name_kind::head;
    if (name.size() > 2) {
        if (name[0] == '*' && name[1] == '.') return name_kind::head;
        if (name[name.size() - 2] == '.' && name.back() == '*') return name_kind::tail;
    }
    if (stars > 0) return std::nullopt;
    return name_kind::exact;
}

bool name_conflicts(std::string_view name, const std::function<bool(const std::string&)>& has_key) {
    const std::string key(name);
    if (has_key(key)) return true;
    switch (classify_name(name).value_or(name_kind::exact)) {
        case name_kind::exact:
            return has_key("." + key);
        case name_kind::head: {
            // "*.a.com" and ".a.com" share nginx's wildcard key "a.com"; the dot
            // form also claims the exact name "a.com".
            const std::string base = key[0] == '.' ? key.substr(1) : key.substr(2);
            return has_key("." + base) || has_key("*." + base) || (key[0] == '.' && has_key(base));
        }
        case name_kind::tail:
            return false;
    }
    return false;
}

std::optional<std::string> match_name(std::string_view host, const std::function<bool(const std::string&)>& has_key) {
    std::string name(host);
    if (has_key(name)) return name;

    // Leading wildcards, the deepest first: ".a.com" also stands for "a.com".
    if (has_key("." + name)) return "." + name;
    for (std::size_t dot = name.find('.'); dot != std::string::npos; dot = name.find('.', dot + 1)) {
        const std::string suffix = name.substr(dot + 1);
        if (has_key("*." + suffix)) return "*." + suffix;
        if (has_key("." + suffix)) return "." + suffix;
    }

    // Trailing wildcards, the longest prefix first; at least one more label.
    for (std::size_t dot = name.rfind('.'); dot != std::string::npos && dot > 0; dot = name.rfind('.', dot - 1)) {
        if (dot + 1 < name.size() && has_key(name.substr(0, dot) + ".*")) return name.substr(0, dot) + ".*";
    }
    return std::nullopt;
}

}  // namespace wsgate::proxy::config
