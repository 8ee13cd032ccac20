// Fuzzes the WebSocket frame reader as server and as client, fed whole and
// in pieces, and the close-payload parser: a crash, a sanitizer report, a
// difference between whole and split feeding (frames, violation, bytes left),
// or an accepted close payload that does not re-encode to itself, is a bug.
#include "fuzz_support.hpp"
#include "wsgate/frame.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace {

namespace ws = wsgate::ws;
using wsgate::fuzz::check;

// Message limits the split plan's choice picks from: one at the control
// frame size, one the fuzzer passes with short inputs, the backend's 1 MiB.
constexpr std::array<std::uint64_t, 3> message_limits{125, 4096, 1024 * 1024};
// The choice's low bit allows RSV1, as a negotiated permessage-deflate does;
// the bits above it pick the limit.
constexpr unsigned rsv1_choice_bit = 1;

struct outcome {
    std::vector<ws::frame> frames;
    ws::violation error = ws::violation::none;
    std::size_t buffered = 0;
};

template <class Pieces>
outcome read(const Pieces& pieces, ws::role role, std::uint64_t limit, bool rsv1) {
    ws::frame_reader reader(role, limit, rsv1);
    outcome out;
    for (const auto piece : pieces) {
        reader.feed(piece.data(), piece.size());
        while (auto f = reader.next()) out.frames.push_back(std::move(*f));
    }
    out.error = reader.error();
    out.buffered = reader.buffered();
    return out;
}

bool same_frame(const ws::frame& a, const ws::frame& b) {
    const auto& x = a.header;
    const auto& y = b.header;
    return x.fin == y.fin && x.rsv1 == y.rsv1 && x.rsv2 == y.rsv2 && x.rsv3 == y.rsv3 && x.opcode == y.opcode &&
           x.masked == y.masked && x.mask == y.mask && x.length == y.length && a.payload == b.payload;
}

void check_close_payload(std::string_view payload) {
    const auto info = ws::parse_close_payload(payload);
    if (!info) return;
    if (!info->code) {
        check(payload.empty(), "a close payload without code that is not empty");
        return;
    }
    check(ws::is_valid_close_code(*info->code) && ws::is_valid_utf8(info->reason), "accepted a bad close payload");
    check(ws::close_payload(*info->code, info->reason) == payload, "a close payload does not re-encode to itself");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const wsgate::fuzz::split_plan plan(data, size);
    if (!plan.valid()) return 0;
    const auto limit = message_limits[(plan.choice() >> 1) % message_limits.size()];
    const bool rsv1 = (plan.choice() & rsv1_choice_bit) != 0;

    for (const auto role : {ws::role::server, ws::role::client}) {
        const auto whole = read(std::array{plan.stream()}, role, limit, rsv1);
        const auto split = read(plan.pieces(), role, limit, rsv1);
        check(split.error == whole.error, "split feeding changed the violation");
        check(split.buffered == whole.buffered, "split feeding changed the bytes left");
        check(std::equal(split.frames.begin(), split.frames.end(), whole.frames.begin(), whole.frames.end(), same_frame),
              "split feeding changed the frames");
        for (const auto& f : whole.frames) {
            check(f.payload.size() == f.header.length, "a payload of another length than its header's");
            if (f.header.opcode == ws::op::close) check_close_payload(f.payload);
        }
    }
    check_close_payload(plan.stream());
    return 0;
}
