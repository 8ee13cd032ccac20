#include "error.hpp"

namespace wsgate::proxy::config {

std::string at(const std::string& message, const source_location& where) {
    return message + " in " + where.file + ":" + std::to_string(where.line);
}

config_error::config_error(const std::string& message, const source_location& where)
    : std::runtime_error(at(message, where)), message_(message), where_(where) {}

config_error::config_error(const std::string& message) : std::runtime_error(message), message_(message) {}

refused_directives::refused_directives(std::vector<config_error> all)
    : config_error(all.front()), all_(std::move(all)) {}

}  // namespace wsgate::proxy::config
