// nginx's special responses (ngx_http_special_response.c): the reason
// phrases it sends, its built-in error pages, and the Date header's format.
#pragma once

#include <string>

namespace wsgate::proxy::http {

// The current time as an HTTP date (RFC 9110 §5.6.7), for Date headers.
std::string http_date();

// nginx's reason phrase for a status ("Request Time-out", "Not Allowed", ...).
const char* reason_phrase(int status);

// nginx's built-in error page, with this proxy's name where nginx puts its own.
// 494 is nginx's internal code for oversized headers, sent as a 400; 497 is a
// plain HTTP request on a TLS port.
std::string error_page(int status);

}  // namespace wsgate::proxy::http
