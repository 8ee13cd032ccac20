// A started topology: the backends and the proxy under test, stopped in
// reverse order when it goes out of scope (also on errors and Ctrl-C).
#pragma once

#include "topology/backends.hpp"
#include "topology/target.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace wsgate::cli {

struct topology_options {
    std::string target = "builtin";
    std::optional<std::uint16_t> port_base;
    std::optional<std::filesystem::path> config;
    std::filesystem::path run_dir;  // logs, pid files, rendered config
    int proxy_cpu = -1;             // >= 0: pin the proxy to this CPU
    int backends_cpu = -1;          // >= 0: pin the backends to this CPU
};

class started_topology {
public:
    // Throws topology::config_error (exit 2) or topology::start_error (exit 3).
    explicit started_topology(const topology_options& options);
    ~started_topology();

    topology::target& proxy() { return *target_; }
    topology::backend_pool* backends() { return backends_ ? backends_.get() : nullptr; }
    const topology::layout& where() const { return context_.where; }
    const topology::target_context& context() const { return context_; }
    // Empty while everything runs, else which process ended and how.
    std::string failure();

private:
    topology::target_context context_;
    std::unique_ptr<topology::backend_pool> backends_;
    std::unique_ptr<topology::target> target_;
};

// Why a topology did not start: exit code 2 for a config or usage error, 3
// when a process did not start; message as printed.
struct start_problem {
    int exit_code = 0;
    std::string message;
};

// Starts the topology. When it cannot, says why on stderr ("wsgate
// COMMAND: ...") and returns null with problem filled in.
std::unique_ptr<started_topology> start_topology(const topology_options& options, const std::string& command,
                                                 start_problem& problem);

}  // namespace wsgate::cli
