#include "load/pacer.hpp"

#include <stdexcept>

namespace wsgate::load {

pacer::pacer(clock::time_point start, std::chrono::nanoseconds interval, std::chrono::nanoseconds phase)
    : first_(start + phase), interval_(interval) {
    if (interval.count() <= 0) throw std::invalid_argument("pacer interval must be positive");
    if (phase < std::chrono::nanoseconds::zero() || phase >= interval)
        throw std::invalid_argument("pacer phase must be within one interval");
}

std::uint64_t pacer::due_count(clock::time_point now) const {
    if (now < first_) return 0;
    return static_cast<std::uint64_t>((now - first_) / interval_) + 1;
}

std::chrono::nanoseconds interval_for(double total_rate, std::uint32_t connections) {
    if (total_rate <= 0 || connections == 0) throw std::invalid_argument("rate and connections must be positive");
    return std::chrono::nanoseconds(static_cast<std::int64_t>(1e9 * connections / total_rate));
}

}  // namespace wsgate::load
