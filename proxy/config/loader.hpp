// Loads an nginx configuration file into the model, with nginx 1.22's
// directive contexts, defaults, inheritance and error messages.
#pragma once

#include "error.hpp"
#include "model.hpp"

#include <string>

namespace wsgate::proxy::config {

// path: the main file (nginx's -c); relative paths resolve against prefix.
// prefix: nginx's -p, where relative pid, log and temp paths point; empty
// means the main file's folder. "include" and ssl_certificate paths resolve
// against the main file's folder, as in nginx.
// Throws config_error with nginx's wording ("unknown directive "x" in F:L").
main_config load(const std::string& path, const std::string& prefix = "");

}  // namespace wsgate::proxy::config
