// Fuzzes the reference proxy's reading of an upstream response head (status
// line and header lines): a crash, a sanitizer report, or a parsed head
// longer than the buffer or the limit or with a status outside 100-999, is a bug.
#include "fuzz_support.hpp"
#include "http/head_parser.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>

namespace {

// The proxy's buffer for an upstream head (proxy_buffer_size default, 4k).
constexpr std::size_t max_response_head = 4096;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view buffer(reinterpret_cast<const char*>(data), size);
    const auto result = wsgate::proxy::http::parse_response_head(buffer, max_response_head);
    if (const auto* parsed = std::get_if<wsgate::proxy::http::parsed_response>(&result)) {
        wsgate::fuzz::check(parsed->head_size <= buffer.size() && parsed->head_size <= max_response_head,
                            "head_size past the buffer or the limit");
        wsgate::fuzz::check(parsed->status >= 100 && parsed->status <= 999, "status outside 100-999");
    }
    return 0;
}
