#include "load/format.hpp"

#include <cstdio>

namespace wsgate::load {

std::string ms_text(std::int64_t us, int decimals) {
    char text[48];
    std::snprintf(text, sizeof text, "%.*f ms", decimals, static_cast<double>(us) / 1000.0);
    return text;
}

}  // namespace wsgate::load
