// A discovery as JSON (`wsgate inspect --json`: {"config", "endpoints": [{"url",
// "websocket", "source", ...}], "upstreams"}) and as text for the console.
#pragma once

#include "inspect/discovery.hpp"

#include <string>

namespace wsgate::inspect {

std::string to_json(const discovery& d);
std::string to_text(const discovery& d);

}  // namespace wsgate::inspect
