// The load generator's hot paths: recording into and merging histograms,
// writing and checking the self-describing payload of every message, and
// the send wheel's pass over a thread's due connections.
#include "load/histogram.hpp"
#include "load/payload.hpp"
#include "load/send_wheel.hpp"

#include <boost/asio/io_context.hpp>

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

// A sender that is due again one interval later, for ever: what the wheel
// itself costs per message, without sockets.
class counting_sender : public paced_sender {
public:
    explicit counting_sender(std::chrono::nanoseconds interval) : interval_(interval) {}
    std::optional<clock::time_point> send_due(clock::time_point now) override {
        ++sent;
        return now + interval_;
    }
    std::uint64_t sent = 0;

private:
    std::chrono::nanoseconds interval_;
};

// state.range(0) connections at 1,000 messages per second each, run for
// 50 ms of wheel time per iteration.
void SendWheelPass(benchmark::State& state) {
    const auto connections = static_cast<int>(state.range(0));
    constexpr auto per_connection_interval = std::chrono::milliseconds(1);
    constexpr auto slice = std::chrono::milliseconds(50);
    std::uint64_t messages = 0;
    for (auto _ : state) {
        boost::asio::io_context ioc(1);
        send_wheel wheel(ioc.get_executor());
        std::vector<std::shared_ptr<counting_sender>> senders;
        const auto start = paced_sender::clock::now();
        for (int i = 0; i < connections; ++i) {
            senders.push_back(std::make_shared<counting_sender>(per_connection_interval));
            wheel.add(senders.back(), start + per_connection_interval * i / connections);
        }
        ioc.run_for(slice);
        for (const auto& s : senders) messages += s->sent;
    }
    state.counters["messages_per_cpu_s"] =
        benchmark::Counter(static_cast<double>(messages), benchmark::Counter::kIsRate);
}
BENCHMARK(SendWheelPass)->Arg(50)->Arg(1000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
