#include "load/phases.hpp"

namespace wsgate::load {

load_phases planned_phases(double ramp_s, double warmup_s, double duration_s) {
    const double measure_until_s = ramp_s + warmup_s + duration_s;
    return {ramp_s, ramp_s + warmup_s, measure_until_s, measure_until_s};
}

const char* phase_at(const load_phases& phases, double at_s) {
    if (at_s < phases.ramp_until_s) return "ramp";
    if (at_s < phases.measure_from_s) return "warm-up";
    if (at_s < phases.measure_until_s) return "measure";
    return "drain";
}

}  // namespace wsgate::load
