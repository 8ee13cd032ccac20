// The load generator's own load over a run: its CPU per measured message and
// the share of its cores it used. Above half of them the figures describe the
// generator as much as the target, and every output says so.
#pragma once

#include <string>

namespace wsgate::load {

// Above this share of the generator's cores, its own queueing enters the latencies.
inline constexpr double max_generator_core_share = 0.5;

struct generator_load {
    double cpu_seconds = 0;
    double core_share = 0;  // CPU seconds over the run's seconds times the cores it may use
    unsigned cores = 1;
    bool overloaded() const { return core_share > max_generator_core_share; }
    // The warning every output carries when overloaded, empty otherwise.
    std::string warning() const;
};

// cores: how many the process may run on (its affinity), at least one.
generator_load generator_load_of(double cpu_seconds, double run_seconds, unsigned cores);

// The cores this process may run on.
unsigned usable_cores();

}  // namespace wsgate::load
