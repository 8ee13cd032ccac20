// The listening sockets of one configuration: one per address:port that
// binds (config::listen_address::bind), shared by every worker thread, as
// nginx's workers share the master's. A reload takes over the sockets of
// the addresses the new configuration keeps, so no queued connection is
// lost between the old workers and the new ones (nginx passes them on the
// same way); only new addresses are bound.
#pragma once

#include "config/model.hpp"

#include <map>
#include <string>
#include <vector>

namespace wsgate::proxy::server {

class listeners {
public:
    // Binds what previous does not already hold; throws std::runtime_error
    // with nginx's wording ("bind() to 127.0.0.1:8080 failed (98: Address
    // already in use)").
    explicit listeners(const config::main_config& config, const listeners* previous = nullptr);
    ~listeners();
    listeners(const listeners&) = delete;
    listeners& operator=(const listeners&) = delete;

    // The socket of an address (its listen_address::text), or -1.
    int socket_of(const std::string& address) const;
    // Closes this configuration's descriptors: a socket that no worker and
    // no next configuration holds stops listening.
    void close();
    std::size_t size() const { return sockets_.size(); }

private:
    std::map<std::string, int> sockets_;  // by listen_address::text
};

}  // namespace wsgate::proxy::server
