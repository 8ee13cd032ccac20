#include "http/special_response.hpp"

#include <ctime>

namespace wsgate::proxy::http {

std::string http_date() {
    char buf[64];
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    return buf;
}

// ngx_http_status_lines, nginx 1.22.
const char* reason_phrase(int status) {
    switch (status) {
        case 101: return "Switching Protocols";
        case 200: return "OK";
        case 201: return "Created";
        case 202: return "Accepted";
        case 204: return "No Content";
        case 206: return "Partial Content";
        case 301: return "Moved Permanently";
        case 302: return "Moved Temporarily";
        case 303: return "See Other";
        case 304: return "Not Modified";
        case 307: return "Temporary Redirect";
        case 308: return "Permanent Redirect";
        case 400: return "Bad Request";
        case 401: return "Unauthorized";
        case 402: return "Payment Required";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 405: return "Not Allowed";
        case 406: return "Not Acceptable";
        case 408: return "Request Time-out";
        case 409: return "Conflict";
        case 410: return "Gone";
        case 411: return "Length Required";
        case 412: return "Precondition Failed";
        case 413: return "Request Entity Too Large";
        case 414: return "Request-URI Too Large";
        case 415: return "Unsupported Media Type";
        case 416: return "Requested Range Not Satisfiable";
        case 421: return "Misdirected Request";
        case 429: return "Too Many Requests";
        case 494: return "Bad Request";
        case 497: return "Bad Request";
        case 500: return "Internal Server Error";
        case 501: return "Not Implemented";
        case 502: return "Bad Gateway";
        case 503: return "Service Temporarily Unavailable";
        case 504: return "Gateway Time-out";
        case 505: return "HTTP Version Not Supported";
        case 507: return "Insufficient Storage";
        default: return "Unknown";
    }
}

std::string error_page(int status) {
    if (status == 497)
        return "<html>\r\n<head><title>400 The plain HTTP request was sent to HTTPS port</title></head>\r\n<body>\r\n"
               "<center><h1>400 Bad Request</h1></center>\r\n<center>The plain HTTP request was sent to HTTPS "
               "port</center>\r\n<hr><center>wsgate-proxy</center>\r\n</body>\r\n</html>\r\n";
    // nginx's 302 page says "Found" where its status line says "Moved Temporarily".
    const std::string title = status == 494   ? "400 Request Header Or Cookie Too Large"
                              : status == 302 ? "302 Found"
                                              : std::to_string(status) + " " + reason_phrase(status);
    return "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title +
           "</h1></center>\r\n<hr><center>wsgate-proxy</center>\r\n</body>\r\n</html>\r\n";
}

}  // namespace wsgate::proxy::http
