#include "log.hpp"

#include <cstdio>
#include <string>

namespace wsgate::echo {

void log_line(std::string_view text) {
    const std::string line = "wsgate-echo " + std::string(text) + "\n";
    std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace wsgate::echo
