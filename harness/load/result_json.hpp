// A load result as JSON: the figures people read (messages_per_second,
// latency_us percentiles, errors by class) and everything needed to merge
// results of several agents exactly (histogram counts, min, max, sum, the
// per-second timeline and interval counts).
#pragma once

#include "load/load_result.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace wsgate::load {

boost::json::object to_json(const load_result& r);

// Reads what to_json wrote. Throws std::invalid_argument naming the field
// that is missing or malformed.
load_result from_json(const boost::json::value& v);

}  // namespace wsgate::load
