// Where tests find the built binaries, the source tree and the test PKI.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace wsgate::testing {

std::filesystem::path bin_dir();
std::filesystem::path source_dir();

// The test PKI (generated on first use, shared by all tests of a build).
std::filesystem::path pki_dir();

// A fresh private folder for one test's files (configs, logs, ready files).
std::filesystem::path scratch_dir(const std::string& name);

// A TCP port on host that was free a moment ago (bind to 0, read, close).
std::uint16_t free_port(const std::string& host = "127.0.0.1");

// A --port-base for the seed layout whose ports were all free a moment ago,
// the first of a block of 100 that holds the run's topology and the three
// topologies of its fault cases above it (base .. base+52 on 127.0.0.1,
// each topology's +3 on 127.0.0.10-12), and a sandboxed config's 64 ports.
// Bases come from below the kernel's ephemeral range, so client sockets of
// other tests running in parallel cannot take them.
std::uint16_t free_port_base();

}  // namespace wsgate::testing
