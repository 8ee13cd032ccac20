#include "cli/interrupt.hpp"

#include <csignal>

namespace wsgate::cli {

namespace {

volatile std::sig_atomic_t received = 0;

extern "C" void on_signal(int sig) { received = sig; }

}  // namespace

void install_interrupt_handlers() {
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGHUP, &action, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
}

bool interrupted() { return received != 0; }

int interrupt_signal() { return received; }

}  // namespace wsgate::cli
