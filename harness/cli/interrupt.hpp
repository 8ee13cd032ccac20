// Ctrl-C and SIGTERM for the harness: the first one asks every wait to end
// early so the run unwinds and stops its children; nothing is killed from a
// signal handler.
#pragma once

namespace wsgate::cli {

void install_interrupt_handlers();
bool interrupted();
// The signal that interrupted the run (for the exit code 128+N), or 0.
int interrupt_signal();

}  // namespace wsgate::cli
