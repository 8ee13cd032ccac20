// The benchmark's topology: one echo backend and the proxies under test, each
// started from the identical nginx config with its own listen ports.
#pragma once

#include "ws_load.hpp"

#include "wsgate/process.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace wsgate::bench {

std::filesystem::path own_bin_dir();

class topology {
public:
    topology(std::filesystem::path dir, std::filesystem::path bin_dir);
    ~topology();

    // Starts the echo backend on core 0 and each named proxy ("builtin",
    // "nginx") on core 1. Throws std::runtime_error with the log's tail when a
    // process does not come up.
    void start(const std::vector<std::string>& proxies);
    void stop();

    endpoint endpoint_of(const std::string& proxy, bool tls) const;
    int pid_of(const std::string& proxy) const;

private:
    struct proxy_process {
        std::optional<proc::child> process;
        std::uint16_t ws_port = 0;
        std::uint16_t wss_port = 0;
    };

    std::string render_config(const std::filesystem::path& prefix, std::uint16_t ws_port,
                              std::uint16_t wss_port) const;

    std::filesystem::path dir_;
    std::filesystem::path bin_dir_;
    std::optional<proc::child> echo_;
    std::uint16_t echo_port_ = 0;
    std::map<std::string, proxy_process> proxies_;
};

}  // namespace wsgate::bench
