// The harness's exit codes (docs/architecture.md, "Reports and exit codes").
#pragma once

namespace wsgate::cli::exit_code {

inline constexpr int ok = 0;            // every case passed
inline constexpr int failed = 1;        // a case failed or a threshold was breached
inline constexpr int usage = 2;         // usage, config or scenario error
inline constexpr int start_failed = 3;  // the target or a backend could not be started
inline constexpr int signal_base = 128; // + N: interrupted by signal N, as a shell reports it

// The exit code of a run that signal N interrupted.
inline int interrupted_by(int signal) { return signal_base + signal; }

}  // namespace wsgate::cli::exit_code
