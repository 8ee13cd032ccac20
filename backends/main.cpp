// wsgate-echo: the mock WebSocket backend of wsgate (backends/README.md).
#include "options.hpp"
#include "ready_file.hpp"
#include "server.hpp"

#include <csignal>
#include <exception>
#include <iostream>

int main(int argc, char** argv) {
    using namespace wsgate::echo;
    const auto command = parse_command_line(argc, argv);
    if (!command.parsed) return command.exit_code;
    // A write to a connection the peer has closed must fail, not kill the process.
    std::signal(SIGPIPE, SIG_IGN);
    try {
        server backend(*command.parsed);
        announce(backend.listeners(), command.parsed->ready_file);
        backend.run();
    } catch (const std::exception& e) {
        std::cerr << "wsgate-echo: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
