// One line per event on stderr, whole lines even from several threads.
#pragma once

#include <string_view>

namespace wsgate::echo {

void log_line(std::string_view text);

}  // namespace wsgate::echo
