// Fuzzes the reference proxy's reading of a client request head (head
// cutting, request line, headers, then nginx's target, Host and body-header
// checks): a crash, a sanitizer report, a head that parses differently once
// the bytes after it are cut off, or an escaped URI with bytes escape_uri
// promises to escape, is a bug.
#include "fuzz_support.hpp"
#include "http/request.hpp"
#include "http/head_parser.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>

namespace {

using namespace wsgate::proxy;
using wsgate::fuzz::check;

bool same_request(const http::client_request& a, const http::client_request& b) {
    if (a.method != b.method || a.target != b.target || a.version != b.version) return false;
    return std::equal(a.headers.begin(), a.headers.end(), b.headers.begin(), b.headers.end(),
                      [](const auto& x, const auto& y) { return x.name == y.name && x.value == y.value; });
}

// escape_uri's contract: only printable ASCII other than the escaped set remains.
bool escaped(std::string_view text) {
    return std::none_of(text.begin(), text.end(), [](char c) {
        const auto b = static_cast<unsigned char>(c);
        return b <= 0x20 || b >= 0x7f || std::string_view("\"#<>?\\^`{|}").find(c) != std::string_view::npos;
    });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view buffer(reinterpret_cast<const char*>(data), size);
    const http::head_limits limits{};
    const auto result = http::parse_request_head(buffer, limits);
    const auto* parsed = std::get_if<http::parsed_request>(&result);
    if (!parsed) return 0;
    check(parsed->head_size <= buffer.size(), "head_size past the buffer");

    // The session parses whatever has arrived: the head alone must read the
    // same as the head followed by a body or the next request.
    const auto alone = http::parse_request_head(buffer.substr(0, parsed->head_size), limits);
    const auto* again = std::get_if<http::parsed_request>(&alone);
    check(again && again->head_size == parsed->head_size && same_request(again->request, parsed->request),
          "the head alone parses differently");

    http::inspect_request(parsed->request);
    // The proxy re-escapes a decoded URI when it rewrites it for the upstream.
    if (const auto target = http::parse_target(parsed->request.target))
        check(escaped(http::escape_uri(target->uri)), "escape_uri left a byte it must escape");
    return 0;
}
