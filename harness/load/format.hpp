// Durations as the load reports print them.
#pragma once

#include <cstdint>
#include <string>

namespace wsgate::load {

// "1.234 ms" for 1234 µs, with the given number of decimals.
std::string ms_text(std::int64_t us, int decimals);

}  // namespace wsgate::load
