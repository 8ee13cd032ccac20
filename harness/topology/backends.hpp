// The mock backends of a run: one wsgate-echo process per backend id, so a
// scenario can kill, restart or silence one of them alone.
#pragma once

#include "topology/layout.hpp"

#include "wsgate/process.hpp"

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

namespace wsgate::topology {

// A backend listens within milliseconds of starting; the rest is room for a
// loaded machine.
inline constexpr std::chrono::milliseconds backend_start_limit = std::chrono::seconds(10);

// A process that did not come up; what() has the reason and its log's tail.
struct start_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The proxy refused its configuration; what() has its message.
struct config_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class backend_pool {
public:
    // cpu >= 0: every backend runs on that CPU only.
    backend_pool(std::filesystem::path echo_binary, std::filesystem::path run_dir, int cpu = -1);
    ~backend_pool();

    // Starts every backend of the layout and waits until each is listening.
    void start(const layout& l, std::chrono::milliseconds timeout = backend_start_limit);
    void stop();

    // Faults injected by scenarios. Throws std::invalid_argument for an unknown id.
    void kill(const std::string& id);
    void restart(const std::string& id, std::chrono::milliseconds timeout = backend_start_limit);
    // The backend closes its listening socket; open connections stay.
    void stop_listening(const std::string& id);

    // Brings every backend back to listening (after a case's faults).
    void restore_all(std::chrono::milliseconds timeout = backend_start_limit);

    // Backends that died without being asked to, with their exit status.
    std::map<std::string, std::string> unexpected_exits();
    // The backend's process id; 0 while it is not running.
    pid_t pid_of(const std::string& id) const;

private:
    struct backend {
        backend_spec spec;
        std::optional<proc::child> process;
        bool killed_on_purpose = false;
        bool listening = true;
    };
    backend& find(const std::string& id);
    void launch(backend& b, std::chrono::milliseconds timeout);

    std::filesystem::path echo_binary_;
    std::filesystem::path run_dir_;
    int cpu_;
    std::map<std::string, backend> backends_;
};

// The last lines of a log file, for error messages.
std::string tail_of(const std::filesystem::path& file, std::size_t lines = 20);

}  // namespace wsgate::topology
