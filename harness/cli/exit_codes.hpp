// The harness's exit codes (docs/architecture.md, "Reports and exit codes").
#pragma once

namespace wsgate::cli::exit_code {

inline constexpr int ok = 0;            // every case passed
inline constexpr int failed = 1;        // a case failed or a threshold was breached
inline constexpr int usage = 2;         // usage, config or scenario error
inline constexpr int start_failed = 3;  // the target or a backend could not be started

}  // namespace wsgate::cli::exit_code
