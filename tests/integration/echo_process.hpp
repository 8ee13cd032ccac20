// A wsgate-echo process for one test: started with a ready file, waited for,
// stopped (SIGTERM, then SIGKILL) when the test ends.
#pragma once

#include "wsgate/process.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace wsgate::testing {

class echo_process {
public:
    // Listens on 127.0.0.1:free_port() as "single" unless args carry their
    // own --listen. Throws std::runtime_error with the log when it does not
    // become ready within 10 s.
    explicit echo_process(std::vector<std::string> args = {});

    std::uint16_t port() const { return port_; }
    proc::child& process() { return child_; }
    // The ready file: backend id -> "ADDR:PORT ws|wss".
    const std::map<std::string, std::string>& ready() const { return ready_; }
    std::string log() const;

private:
    std::filesystem::path dir_;
    std::uint16_t port_ = 0;
    proc::child child_;
    std::map<std::string, std::string> ready_;
};

}  // namespace wsgate::testing
