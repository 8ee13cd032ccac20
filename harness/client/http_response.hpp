// HTTP responses as the client received them: header names in received case
// and order, the head's exact bytes for the transcript.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wsgate::client {

struct http_response {
    int version = 11;  // 10 or 11
    int status = 0;
    std::string reason;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::string head;  // status line and headers as received

    // First value of a header, name compared case-insensitively.
    std::optional<std::string> header(std::string_view name) const;
    // Every value of a header joined with ", " (RFC 9110 §5.3), nullopt if absent.
    std::optional<std::string> joined(std::string_view name) const;
};

// Cuts consecutive responses out of a byte stream with Beast's parser.
class response_reader {
public:
    response_reader();
    ~response_reader();

    enum class result { need_more, switched, error };
    // Consumes what it can from the front of in. switched: a 101 finished and
    // what is left in `in` belongs to the new protocol.
    result feed(std::string& in, std::vector<http_response>& out);
    // The peer closed: a body delimited by the connection's end is complete.
    void finish(std::vector<http_response>& out);
    const std::string& error() const { return error_; }

private:
    struct parser;
    std::unique_ptr<parser> parser_;
    std::string head_;
    std::string error_;
};

}  // namespace wsgate::client
