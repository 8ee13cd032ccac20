// Interval histograms in the HdrHistogram log format (version 1.3): one line
// per second of the measurement window, each a base64 compressed V2
// histogram, readable by HistogramLogProcessor and HdrHistogram's plotters.
#pragma once

#include "load/load_result.hpp"

#include <cstdint>
#include <ostream>
#include <string>

namespace wsgate::load {

// The compressed V2 encoding of one histogram (lowest 1, highest 60 s,
// 3 significant digits, values in microseconds), base64 encoded.
std::string encode_compressed(const histogram& h);

// Writes the log: a header with start_epoch_s (seconds since the epoch when
// measuring began), then one line per entry of r.intervals. Interval_Max is
// in milliseconds.
void write_hdr_log(std::ostream& out, const load_result& r, double start_epoch_s);

}  // namespace wsgate::load
