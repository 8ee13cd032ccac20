// Directive argument values as nginx parses them: numbers, times, sizes and
// strings with variables.
#pragma once

#include "model.hpp"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace wsgate::proxy::config {

// nginx's NGX_MAX_INT32_VALUE: the largest count, size or time in seconds
// its directives take where a C int holds the value.
inline constexpr std::int64_t max_int32_value = 0x7fffffff;

// ngx_atoi: decimal digits only, no sign, not empty.
std::optional<std::int64_t> parse_number(std::string_view text);

// ngx_parse_time: "30", "500ms", "1m30s", "1h 2m" (units in falling order).
// In milliseconds (y and M not allowed) or, with seconds, in seconds (ms not
// allowed). nullopt where nginx says "invalid value".
std::optional<std::int64_t> parse_time(std::string_view text, bool seconds);

// ngx_parse_size: bytes with an optional k or m suffix (either case).
std::optional<std::int64_t> parse_size(std::string_view text);

// ngx_parse_offset: like parse_size, also g.
std::optional<std::int64_t> parse_offset(std::string_view text);

// What ngx_http_script_compile refuses; the message is nginx's.
class template_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Splits "$http_upgrade", "${host}:8080" and plain text into parts, as
// ngx_http_script_compile does (variable names are lowercased: nginx's
// variable names are case-insensitive). Throws template_error.
value_template compile_template(std::string_view text);

// "$name" or "${name}" alone: the variable name, else nullopt.
std::optional<std::string> single_variable(const value_template& value);

}  // namespace wsgate::proxy::config
