// The headers add_header puts on a response, as nginx's headers filter
// (ngx_http_headers_filter_module.c) does: on the statuses it counts as
// successes or redirects every one of the location's add_header lines, on
// the others (a 101 that opens a tunnel, an error page) only those marked
// "always"; a value that evaluates to nothing adds no line.
#pragma once

#include "config/model.hpp"
#include "config/variables.hpp"

#include <string>

namespace wsgate::proxy::http {

// "Name: value\r\n" for each header added to a response of this status.
std::string added_header_lines(const config::location_block& location, int status, const config::eval_context& request);

}  // namespace wsgate::proxy::http
