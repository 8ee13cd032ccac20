#include "load/generator_load.hpp"

#include <sched.h>

#include <algorithm>
#include <cmath>

namespace wsgate::load {

std::string generator_load::warning() const {
    if (!overloaded()) return {};
    const auto percent = static_cast<long long>(std::lround(core_share * 100));
    return "the load generator used " + std::to_string(percent) + " % of its " + std::to_string(cores) +
           (cores == 1 ? " core" : " cores") +
           ": the figures describe the generator as much as the target (more --threads or --processes, or a "
           "machine of its own, would tell them apart)";
}

generator_load generator_load_of(double cpu_seconds, double run_seconds, unsigned cores) {
    generator_load g;
    g.cpu_seconds = cpu_seconds;
    g.cores = std::max(1u, cores);
    if (run_seconds > 0) g.core_share = cpu_seconds / (run_seconds * g.cores);
    return g;
}

unsigned usable_cores() {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0) return 1;
    return static_cast<unsigned>(std::max(1, CPU_COUNT(&set)));
}

}  // namespace wsgate::load
