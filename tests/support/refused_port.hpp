// A loopback port that refuses connections and stays that way: bound for
// the test's life but never listening, so a connect gets ECONNREFUSED and
// no proxy of a test running beside it can take the port meanwhile.
#pragma once

#include <cstdint>

namespace wsgate::testing {

class refused_port {
public:
    refused_port();
    ~refused_port();
    refused_port(const refused_port&) = delete;
    refused_port& operator=(const refused_port&) = delete;

    std::uint16_t port() const { return port_; }

private:
    int fd_ = -1;
    std::uint16_t port_ = 0;
};

}  // namespace wsgate::testing
