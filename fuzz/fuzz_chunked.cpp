// Fuzzes the chunked transfer-coding decoder, whole and fed in pieces: a
// crash, a sanitizer report, or any difference between the two (state, body,
// bytes used), is a bug.
#include "fuzz_support.hpp"
#include "wsgate/chunked.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace {

using wsgate::fuzz::check;
using wsgate::http1::chunked_decoder;

// Body limits the split plan's choice picks from: none at all, tiny ones the
// fuzzer reaches with short inputs, nginx's default 1m, and the extremes.
constexpr std::array<std::uint64_t, 7> body_limits{
    0, 1, 16, 1024, 1024 * 1024, wsgate::http1::max_chunk_size, UINT64_MAX};

struct outcome {
    chunked_decoder::status state;
    std::string body;
    std::size_t used = 0;
    std::uint64_t body_size = 0;
};

template <class Pieces>
outcome decode(const Pieces& pieces, std::uint64_t limit) {
    chunked_decoder decoder(limit);
    outcome out;
    for (const auto piece : pieces) {
        if (decoder.state() != chunked_decoder::status::need_more) break;
        out.used += decoder.feed(piece, &out.body);
    }
    out.state = decoder.state();
    out.body_size = decoder.body_size();
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const wsgate::fuzz::split_plan plan(data, size);
    if (!plan.valid()) return 0;
    const auto limit = body_limits[plan.choice() % body_limits.size()];

    const auto whole = decode(std::array{plan.stream()}, limit);
    const auto split = decode(plan.pieces(), limit);
    check(split.state == whole.state, "split feeding changed the state");
    check(split.body == whole.body, "split feeding changed the body");
    check(split.used == whole.used, "split feeding changed the bytes used");
    check(split.body_size == whole.body_size, "split feeding changed body_size");
    check(whole.used <= plan.stream().size() && whole.body_size <= limit, "used past the input or body over the limit");
    if (whole.state == chunked_decoder::status::done)
        check(whole.body.size() == whole.body_size, "a done body differs from the chunk sizes announced");
    return 0;
}
