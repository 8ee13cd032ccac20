// The soak itself: every attack against every victim in turn, with the
// legitimate clients beside it, the victim's open files and memory sampled
// before, during and after, and a verdict per attack and victim.
#pragma once

#include "load/generator.hpp"
#include "soak/attack.hpp"

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace wsgate::soak {

struct victim {
    std::string name;   // "wsgate-proxy", "nginx", "wsgate-echo"
    pid_t pid = 0;      // the process (and its children) to watch
    victim_endpoint endpoint;
    std::vector<load::load_target> legit;  // where the legitimate clients echo
};

struct resource_figures {
    std::size_t before = 0, peak = 0, after = 0;
};

struct soak_row {
    std::string attack;
    std::string victim;
    std::string skipped;  // why the attack did not apply; empty when it ran
    double seconds = 0;
    std::uint64_t attack_connections = 0, refused = 0, answered = 0, closed_by_victim = 0;
    std::uint64_t legit_messages = 0, legit_failures = 0, probes = 0;
    std::string first_legit_failure;
    resource_figures fds, rss_kib;
    std::string crash;  // how the victim (or another process of the run) ended, if it did
    bool fd_leak = false;
    bool passed() const { return skipped.empty() ? crash.empty() && legit_failures == 0 && !fd_leak : true; }
};

struct soak_options {
    std::chrono::milliseconds per_attack{10000};
    std::vector<const attack*> attacks;  // in this order
};

// Runs options.attacks against each victim. health says which process of
// the run has ended (empty while all run); done is called after each row;
// interrupted ends the soak after the current row.
std::vector<soak_row> run_soak(const std::vector<victim>& victims, const soak_options& options,
                               const std::function<std::string()>& health,
                               const std::function<void(const soak_row&)>& done,
                               const std::function<bool()>& interrupted);

}  // namespace wsgate::soak
