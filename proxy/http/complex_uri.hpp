// ngx_http_parse_complex_uri: the path of a request target that needs more
// than a scan (%XX, "//", "." or "..", '#').
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace wsgate::proxy::http {

// Decodes path into uri and, when the decoded path holds the query, args;
// empty_path: the target had no path (absolute-form), so it starts at "/".
// False where nginx answers 400.
bool parse_complex_uri(std::string_view path, bool empty_path, std::string& uri, std::optional<std::string>& args);

}  // namespace wsgate::proxy::http
