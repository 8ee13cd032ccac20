// The frame codec on the paths every message takes: a client encodes and
// masks, a server decodes and unmasks.
#include "wsgate/frame.hpp"

#include <benchmark/benchmark.h>

#include <string>

namespace ws = wsgate::ws;

namespace {

ws::frame_header client_header() {
    ws::frame_header h;
    h.opcode = ws::op::binary;
    h.masked = true;
    h.mask = {0x37, 0xfa, 0x21, 0x3d};
    return h;
}

void BM_EncodeMasked(benchmark::State& state) {
    const std::string payload(static_cast<std::size_t>(state.range(0)), 'x');
    for (auto _ : state) {
        auto wire = ws::encode_frame(client_header(), payload);
        benchmark::DoNotOptimize(wire.data());
    }
    state.SetBytesProcessed(state.iterations() * state.range(0));
}

void BM_Mask(benchmark::State& state) {
    std::string payload(static_cast<std::size_t>(state.range(0)), 'x');
    const auto mask = client_header().mask;
    for (auto _ : state) {
        ws::apply_mask(reinterpret_cast<std::uint8_t*>(payload.data()), payload.size(), mask);
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(state.iterations() * state.range(0));
}

void BM_DecodeAndUnmask(benchmark::State& state) {
    const auto wire = ws::encode_frame(client_header(), std::string(static_cast<std::size_t>(state.range(0)), 'x'));
    ws::frame_reader reader(ws::role::server, 1ull << 30);
    for (auto _ : state) {
        reader.feed(wire.data(), wire.size());
        auto f = reader.next();
        benchmark::DoNotOptimize(f);
    }
    state.SetBytesProcessed(state.iterations() * state.range(0));
}

void BM_RoundTrip(benchmark::State& state) {
    const std::string payload(static_cast<std::size_t>(state.range(0)), 'x');
    ws::frame_reader reader(ws::role::server, 1ull << 30);
    for (auto _ : state) {
        const auto wire = ws::encode_frame(client_header(), payload);
        reader.feed(wire.data(), wire.size());
        auto f = reader.next();
        benchmark::DoNotOptimize(f);
    }
    state.SetBytesProcessed(state.iterations() * state.range(0));
}

void BM_Utf8Validate(benchmark::State& state) {
    std::string text;
    while (text.size() < static_cast<std::size_t>(state.range(0))) text += "wsgate κόσμε € ";
    text.resize(static_cast<std::size_t>(state.range(0)));
    while (!ws::is_valid_utf8(text)) text.pop_back();
    for (auto _ : state) benchmark::DoNotOptimize(ws::is_valid_utf8(text));
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
}

}  // namespace

BENCHMARK(BM_EncodeMasked)->Arg(64)->Arg(4096)->Arg(65536)->Arg(1 << 20);
BENCHMARK(BM_Mask)->Arg(64)->Arg(4096)->Arg(65536)->Arg(1 << 20);
BENCHMARK(BM_DecodeAndUnmask)->Arg(64)->Arg(4096)->Arg(65536)->Arg(1 << 20);
BENCHMARK(BM_RoundTrip)->Arg(64)->Arg(4096)->Arg(65536);
BENCHMARK(BM_Utf8Validate)->Arg(4096)->Arg(65536);

BENCHMARK_MAIN();
