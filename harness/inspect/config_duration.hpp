// A duration as proxy configs write it, for the cases a config implies.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace wsgate::inspect {

// "3600s", "1h", "5m", "500ms", "50000ms"; a bare number is seconds, as nginx
// reads it (HAProxy's bare milliseconds come from discovery with "ms").
std::optional<std::chrono::milliseconds> duration_of(const std::string& text);

}  // namespace wsgate::inspect
