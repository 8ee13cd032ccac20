// The load generator's hot paths: recording into and merging histograms, and
// writing and checking the self-describing payload of every message.
#include "load/histogram.hpp"
#include "load/payload.hpp"

#include <benchmark/benchmark.h>

#include <random>

namespace {

using namespace wsgate::load;

std::vector<std::int64_t> latencies(std::size_t n) {
    std::mt19937 rng(42);
    std::lognormal_distribution<double> d(6.0, 1.0);
    std::vector<std::int64_t> v(n);
    for (auto& x : v) x = static_cast<std::int64_t>(d(rng));
    return v;
}

void HistogramRecord(benchmark::State& state) {
    const auto values = latencies(4096);
    histogram h;
    std::size_t i = 0;
    for (auto _ : state) {
        h.record(values[i++ & 4095]);
    }
    benchmark::DoNotOptimize(h.count());
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(HistogramRecord);

void HistogramMerge(benchmark::State& state) {
    histogram a, b;
    for (auto v : latencies(100000)) (v & 1 ? a : b).record(v);
    for (auto _ : state) {
        histogram sum = a;
        sum.merge(b);
        benchmark::DoNotOptimize(sum.count());
    }
}
BENCHMARK(HistogramMerge);

void HistogramPercentile(benchmark::State& state) {
    histogram h;
    for (auto v : latencies(100000)) h.record(v);
    for (auto _ : state) benchmark::DoNotOptimize(h.percentile(99.9));
}
BENCHMARK(HistogramPercentile);

void PayloadFill(benchmark::State& state) {
    std::string payload(static_cast<std::size_t>(state.range(0)), '\0');
    std::uint64_t seq = 0;
    for (auto _ : state) {
        fill_payload({7, seq++, 123456789}, payload);
        benchmark::DoNotOptimize(payload.data());
    }
    state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(PayloadFill)->Arg(64)->Arg(1024)->Arg(16384);

void PayloadCheck(benchmark::State& state) {
    std::string payload(static_cast<std::size_t>(state.range(0)), '\0');
    fill_payload({7, 1, 123456789}, payload);
    for (auto _ : state) benchmark::DoNotOptimize(read_payload(payload));
    state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(PayloadCheck)->Arg(64)->Arg(1024)->Arg(16384);

}  // namespace

BENCHMARK_MAIN();
