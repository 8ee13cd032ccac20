// What every sandbox must keep, whatever the config's language: each copy
// has its original's lines (the proxy's messages name the user's lines) and
// every port lies in the range the sandbox was given.
#pragma once

#include "fuzz_support.hpp"
#include "sandbox/sandbox.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <iterator>

namespace wsgate::fuzz {

inline constexpr std::uint16_t sandbox_first_port = 40000;
inline constexpr std::size_t sandbox_max_ports = 16;

inline std::size_t lines_of(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return static_cast<std::size_t>(std::count(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>(), '\n'));
}

inline void check_sandbox_result(const sandbox::sandbox_result& result) {
    const auto in_range = [](std::uint16_t port) {
        return port >= sandbox_first_port && port < sandbox_first_port + sandbox_max_ports;
    };
    for (const auto& [copy, original] : result.copies)
        check(lines_of(copy) == lines_of(original), "a copy moved the user's lines");
    for (const auto& l : result.listeners) check(in_range(l.port), "listener port out of range");
    for (const auto& b : result.backends) check(in_range(b.port), "backend port out of range");
}

}  // namespace wsgate::fuzz
