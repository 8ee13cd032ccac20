// How wsgate-echo tells a harness it is up: once every listener is bound, a
// line per listener on stdout and, with --ready-file, the same facts in a
// file that appears atomically.
#pragma once

#include <boost/asio/ip/tcp.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace wsgate::echo {

struct bound_listener {
    std::string id;
    boost::asio::ip::tcp::endpoint endpoint;  // the real port, also when 0 was asked for
    bool tls = false;
};

// "ID ADDR:PORT ws|wss\n" per listener; IPv6 addresses in brackets.
std::string ready_lines(const std::vector<bound_listener>& listeners);

// Prints "wsgate-echo: ID listening on ws://ADDR:PORT/" per listener, then
// "wsgate-echo: ready", and writes ready_lines() to ready_file unless it is
// empty: into a temporary file renamed into place, so a reader never sees
// half of it. Throws std::runtime_error when the file cannot be written.
void announce(const std::vector<bound_listener>& listeners, const std::filesystem::path& ready_file);

}  // namespace wsgate::echo
