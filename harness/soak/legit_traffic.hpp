// The legitimate clients beside an attack: a steady echo load on every
// endpoint of the victim (the load generator, every message checked), and a
// fresh connection every quarter second on its plain endpoints, so a server
// that keeps its old connections but stops taking new ones is caught too.
#pragma once

#include "load/generator.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

namespace wsgate::soak {

struct legit_outcome {
    std::uint64_t messages = 0;        // echoes that came back intact
    std::uint64_t failures = 0;        // load errors, connections not made, failed probes
    std::uint64_t probes = 0;          // fresh connections tried
    std::string first_failure;         // what went wrong first, for the report
};

class legit_traffic {
public:
    // Starts at once and runs for duration on every endpoint.
    legit_traffic(const std::vector<load::load_target>& endpoints, std::chrono::milliseconds duration);
    legit_traffic(const legit_traffic&) = delete;
    legit_traffic& operator=(const legit_traffic&) = delete;

    // Waits for the clients to finish (bounded by duration plus the load's linger).
    legit_outcome finish();

private:
    struct lane {
        load::load_target target;
        load::load_result load;
        std::string load_failure;  // set instead of load when the load could not run
        legit_outcome probes;
    };

    std::vector<lane> lanes_;
    std::vector<std::jthread> threads_;
};

}  // namespace wsgate::soak
