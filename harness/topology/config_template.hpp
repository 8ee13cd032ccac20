// Proxy configuration templates: the shipped seed template or a user's own
// config, with {{NAME}} placeholders filled in for this run.
#pragma once

#include <map>
#include <stdexcept>
#include <string>

namespace wsgate::topology {

// Thrown for an unknown or unterminated placeholder; what() names file:line.
struct template_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Replaces every {{NAME}} with values.at(NAME). source_name is used in errors.
std::string render(const std::string& text, const std::map<std::string, std::string>& values,
                   const std::string& source_name);

// A config with {{NAME}} placeholders is a template: wsgate fills them in and
// runs it as written. One without is the user's own config, sandboxed.
bool is_template(const std::string& text);

// The configuration languages of the proxies wsgate starts.
enum class config_dialect { nginx, haproxy, caddy };

// The seed topology's template in that language, shipped inside the binary
// (harness/templates/seed.conf, seed.haproxy.cfg, seed.Caddyfile).
const std::string& seed_template(config_dialect dialect);

}  // namespace wsgate::topology
