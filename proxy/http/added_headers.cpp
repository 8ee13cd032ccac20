#include "http/added_headers.hpp"

#include <algorithm>
#include <array>

namespace wsgate::proxy::http {

namespace {

// ngx_http_headers_filter: 200, 201, 204, 206, 301, 302, 303, 304, 307, 308.
constexpr std::array<int, 10> safe_statuses{200, 201, 204, 206, 301, 302, 303, 304, 307, 308};

}  // namespace

std::string added_header_lines(const config::location_block& location, int status, const config::eval_context& request) {
    const bool safe = std::find(safe_statuses.begin(), safe_statuses.end(), status) != safe_statuses.end();
    std::string lines;
    for (const auto& h : location.add_headers) {
        if (!safe && !h.always) continue;
        const auto value = config::evaluate(h.value, request);
        if (!value.empty()) lines += h.name + ": " + value + "\r\n";
    }
    return lines;
}

}  // namespace wsgate::proxy::http
