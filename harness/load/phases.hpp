// The parts of a load on one time axis, in seconds since it began:
// connections opening (ramp), the warm-up whose echoes are not counted, the
// measurement window, and the drain after it. The live line names them and
// load.html marks them under every chart.
#pragma once

namespace wsgate::load {

struct load_phases {
    double ramp_until_s = 0;
    double measure_from_s = 0;
    double measure_until_s = 0;  // earlier than planned when the load was cut short
    double ended_s = 0;          // the last connection closed or the run's bound came
};

// The phases a load with these settings is planned to go through (ended_s
// is not known in advance: the end of the measurement).
load_phases planned_phases(double ramp_s, double warmup_s, double duration_s);

// "ramp", "warm-up", "measure" or "drain".
const char* phase_at(const load_phases& phases, double at_s);

}  // namespace wsgate::load
