#include "load/histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <stdexcept>
#include <string>

namespace wsgate::load {

namespace {

constexpr int sub_bucket_bits = 11;  // 2048 sub-buckets: 3 significant digits
constexpr std::int64_t sub_bucket_count = 1 << sub_bucket_bits;
constexpr std::int64_t half_count = sub_bucket_count / 2;
// Buckets until the highest value fits: 60e6 < 2048 * 2^15.
constexpr int bucket_count = 16;

}  // namespace

histogram::histogram() : counts_(static_cast<std::size_t>((bucket_count + 1) * half_count), 0) {}

std::size_t histogram::index_of(std::int64_t v) {
    // Bucket b covers [2^(b+10), 2^(b+11)) with 1024 sub-buckets of width
    // 2^b; bucket 0 also covers [0, 1024) with width 1.
    const int magnitude = 64 - std::countl_zero(static_cast<std::uint64_t>(v | (sub_bucket_count - 1)));
    const int bucket = magnitude - sub_bucket_bits;
    const auto sub = v >> bucket;
    return static_cast<std::size_t>((bucket + 1) * half_count + (sub - half_count));
}

std::int64_t histogram::value_at(std::size_t index) {
    auto bucket = static_cast<std::int64_t>(index) / half_count - 1;
    auto sub = static_cast<std::int64_t>(index) % half_count + half_count;
    if (bucket < 0) {
        sub -= half_count;
        bucket = 0;
    }
    // The highest value that maps to this index, as HdrHistogram reports.
    return ((sub + 1) << bucket) - 1;
}

void histogram::record(std::int64_t v) {
    v = std::clamp<std::int64_t>(v, 1, highest);
    ++counts_[index_of(v)];
    ++total_;
    min_ = std::min(min_, v);
    max_ = std::max(max_, v);
    sum_ += static_cast<double>(v);
}

void histogram::merge(const histogram& other) {
    for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
    total_ += other.total_;
    if (other.total_) {
        min_ = std::min(min_, other.min_);
        max_ = std::max(max_, other.max_);
    }
    sum_ += other.sum_;
}

void histogram::reset() { *this = histogram(); }

double histogram::mean() const { return total_ ? sum_ / static_cast<double>(total_) : 0; }

std::int64_t histogram::percentile(double p) const {
    if (total_ == 0) return 0;
    const auto wanted = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::ceil(p / 100.0 * static_cast<double>(total_))));
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < counts_.size(); ++i) {
        seen += counts_[i];
        if (seen >= wanted) return std::min(value_at(i), max_);
    }
    return max_;
}

histogram histogram::restore(const std::vector<std::pair<std::size_t, std::uint64_t>>& counts, std::int64_t min,
                             std::int64_t max, double sum) {
    histogram h;
    for (const auto& [index, n] : counts) {
        if (index >= h.counts_.size()) throw std::out_of_range("histogram slot " + std::to_string(index));
        if (n > UINT64_MAX - h.total_) throw std::out_of_range("histogram count total");
        h.counts_[index] += n;
        h.total_ += n;
    }
    if (h.total_) {
        h.min_ = min;
        h.max_ = max;
        h.sum_ = sum;
    }
    return h;
}

std::size_t histogram::slot_of(std::int64_t v) { return index_of(std::clamp<std::int64_t>(v, 1, highest)); }

std::vector<std::int64_t> histogram::values() const {
    std::vector<std::int64_t> out;
    out.reserve(total_);
    for (std::size_t i = 0; i < counts_.size(); ++i)
        out.insert(out.end(), counts_[i], std::clamp(value_at(i), min_, max_));
    return out;
}

}  // namespace wsgate::load
