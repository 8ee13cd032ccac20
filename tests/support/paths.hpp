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

}  // namespace wsgate::testing
