#include "client/http_response.hpp"

#include "wsgate/ascii.hpp"
#include "wsgate/chunked.hpp"

#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <algorithm>
#include <cctype>

namespace wsgate::client {

namespace http = boost::beast::http;

std::optional<std::string> http_response::header(std::string_view name) const {
    for (const auto& [n, v] : headers)
        if (ascii::iequals(n, name)) return v;
    return std::nullopt;
}

std::optional<std::string> http_response::joined(std::string_view name) const {
    std::optional<std::string> all;
    for (const auto& [n, v] : headers) {
        if (!ascii::iequals(n, name)) continue;
        all = all ? *all + ", " + v : v;
    }
    return all;
}

namespace {

// Far above any response a scenario checks, far below what a hostile peer
// could make the harness hold.
constexpr std::uint64_t max_body_bytes = 64u << 20;
constexpr std::uint32_t max_head_bytes = 64u << 10;

}  // namespace

// Not eager: put() stops when the header is complete, so the head's exact
// bytes can be cut out for the transcript.
struct response_reader::parser {
    parser() : chunks(max_body_bytes) {
        p.body_limit(max_body_bytes);
        p.header_limit(max_head_bytes);
    }
    http::response_parser<http::string_body> p;
    // Beast's chunked parser asserts (debug builds) when a final chunk
    // arrives split in some ways, so a chunked body is only handed to it
    // whole: this decoder finds its end first, over the bytes of `in`.
    http1::chunked_decoder chunks;
    std::size_t scanned = 0;  // bytes at the front of `in` the decoder has seen
};

response_reader::response_reader() : parser_(std::make_unique<parser>()) {}
response_reader::~response_reader() = default;

namespace {

http_response convert(http::response<http::string_body>&& m, std::string head) {
    http_response r;
    r.version = static_cast<int>(m.version());
    r.status = static_cast<int>(m.result_int());
    r.reason = std::string(m.reason());
    for (const auto& field : m) r.headers.emplace_back(field.name_string(), field.value());
    r.body = std::move(m.body());
    r.head = std::move(head);
    return r;
}

}  // namespace

response_reader::result response_reader::feed(std::string& in, std::vector<http_response>& out) {
    while (!in.empty()) {
        boost::beast::error_code ec;
        const bool header_was_done = parser_->p.is_header_done();
        std::size_t offered = in.size();
        if (header_was_done && parser_->p.chunked()) {
            auto& chunks = parser_->chunks;
            parser_->scanned += chunks.feed(std::string_view(in).substr(parser_->scanned));
            if (chunks.state() == http1::chunked_decoder::status::invalid) {
                error_ = "malformed HTTP response: invalid chunked body";
                return result::error;
            }
            if (chunks.state() == http1::chunked_decoder::status::too_large) {
                error_ = "malformed HTTP response: body over " + std::to_string(max_body_bytes) + " bytes";
                return result::error;
            }
            if (!chunks.done()) return result::need_more;
            offered = parser_->scanned;
        }
        const std::size_t used = parser_->p.put(boost::asio::buffer(in.data(), offered), ec);
        if (!header_was_done) head_.append(in, 0, used);
        in.erase(0, used);
        parser_->scanned -= std::min(parser_->scanned, used);
        if (ec == http::error::need_more) return result::need_more;
        if (ec) {
            error_ = "malformed HTTP response: " + ec.message();
            return result::error;
        }
        if (!parser_->p.is_done()) {
            if (used == 0) return result::need_more;
            continue;
        }
        const bool upgraded = parser_->p.get().result_int() == 101;
        out.push_back(convert(parser_->p.release(), std::move(head_)));
        head_.clear();
        parser_ = std::make_unique<parser>();
        if (upgraded) return result::switched;
    }
    return result::need_more;
}

void response_reader::finish(std::vector<http_response>& out) {
    if (!parser_->p.is_header_done()) return;
    boost::beast::error_code ec;
    parser_->p.put_eof(ec);
    if (!ec && parser_->p.is_done()) out.push_back(convert(parser_->p.release(), std::move(head_)));
    parser_ = std::make_unique<parser>();
}

}  // namespace wsgate::client
