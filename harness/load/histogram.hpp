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
    double sum() const { return sum_; }
    // Each recorded value (to the histogram's precision), count times: a
    // stand-in for the raw samples where a report wants a list.
    std::vector<std::int64_t> values() const;
    // Rebuilds a histogram another process wrote: its non-zero counts by
    // index, with min, max and sum as they were, so nothing is approximated.
    static histogram restore(const std::vector<std::pair<std::size_t, std::uint64_t>>& counts, std::int64_t min,
                             std::int64_t max, double sum);
    // The index of the counts() slot a value falls in, and the highest
    // value that slot holds.
    static std::size_t slot_of(std::int64_t value_us);
    static std::int64_t value_of_slot(std::size_t slot) { return value_at(slot); }

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
