// A latency histogram in the HdrHistogram layout: values from 1 µs to 60 s
// kept to 3 significant digits (2048 linear sub-buckets per power of two),
// so percentiles are exact to 0.1 % and histograms of threads, processes or
// machines merge by adding counts.
#pragma once

#include <cstdint>
#include <vector>

namespace wsgate::load {

class histogram {
public:
    histogram();

    // Values in microseconds; below 1 counts as 1, above 60 s as 60 s.
    void record(std::int64_t value_us);
    void merge(const histogram& other);
    void reset();

    std::uint64_t count() const { return total_; }
    std::int64_t max() const { return max_; }
    std::int64_t min() const { return total_ ? min_ : 0; }
    double mean() const;
    // The value at or below which p percent (0..100) of the recorded values lie.
    std::int64_t percentile(double p) const;

    const std::vector<std::uint64_t>& counts() const { return counts_; }
    // Each recorded value (to the histogram's precision), count times: a
    // stand-in for the raw samples where a report wants a list.
    std::vector<std::int64_t> values() const;
    // Rebuilds from counts() (for merging results written by other processes).
    static histogram from_counts(const std::vector<std::uint64_t>& counts);

    static constexpr std::int64_t highest = 60'000'000;

private:
    static std::size_t index_of(std::int64_t v);
    static std::int64_t value_at(std::size_t index);

    std::vector<std::uint64_t> counts_;
    std::uint64_t total_ = 0;
    std::int64_t min_ = highest;
    std::int64_t max_ = 0;
    double sum_ = 0;
};

}  // namespace wsgate::load
