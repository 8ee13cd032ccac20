// The command line of wsgate-echo: which loopback addresses to serve, each
// with the backend id it reports, and the limits every connection shares.
#pragma once

#include "wsgate/address.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wsgate::echo {

struct listen_spec {
    std::string id;
    host_port address;  // port 0: any free port, reported once bound
    bool tls = false;
};

// "ADDR:PORT=ID" or "ADDR:PORT=ID,tls". Throws std::invalid_argument with the
// reason when the text is malformed or the address is not loopback.
listen_spec parse_listen_spec(std::string_view text);

// The seed topology of docs/architecture.md: single on 127.0.0.1:8282, b1..b3 on
// 127.0.0.10..12:8010.
std::vector<listen_spec> seed_listeners();

struct options {
    std::vector<listen_spec> listeners;
    std::string tls_cert;
    std::string tls_key;
    std::string ready_file;
    unsigned threads = 1;
    std::uint64_t max_message = 64ull << 20;
    bool deflate = true;
};

struct command_line {
    std::optional<options> parsed;  // nullopt: do not run, exit with exit_code
    int exit_code = 0;              // 0 after --help, 2 for a usage error
};

// Parses argv; help goes to stdout, usage errors to stderr.
command_line parse_command_line(int argc, const char* const* argv);

}  // namespace wsgate::echo
