// Cutting HTTP heads out of a byte buffer: the client's request head (with
// nginx's limits and answers for oversized or malformed heads) and the
// upstream's response head.
#pragma once

#include "config/model.hpp"
#include "config/variables.hpp"
#include "http/request.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace wsgate::proxy::http {

struct head_limits {
    // large_client_header_buffers size: the longest line
    std::size_t line_size = config::default_header_buffer_size;
    // number * size: the whole head
    std::size_t total = config::default_header_buffers * config::default_header_buffer_size;
};

// The outcome of looking at what has arrived so far.
struct need_more {};
struct head_error {
    int status = 400;  // 400, 414 (request line too long), 494 (headers too large: sent as 400)
    std::string reason;
};
struct parsed_request {
    http::client_request request;
    std::size_t head_size = 0;  // bytes of the head, CRLFCRLF included
};

std::variant<need_more, head_error, parsed_request> parse_request_head(std::string_view buffer,
                                                                      const head_limits& limits);

struct parsed_response {
    int version = 11;
    int status = 0;
    std::string reason;
    std::vector<config::header_field> headers;
    std::size_t head_size = 0;
};

// nullopt: more bytes needed; head_error: not a valid HTTP response head
// (nginx: "upstream sent invalid header", 502).
std::variant<need_more, head_error, parsed_response> parse_response_head(std::string_view buffer,
                                                                        std::size_t max_size);

}  // namespace wsgate::proxy::http
