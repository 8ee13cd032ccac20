#include "paths.hpp"

#include "wsgate/address.hpp"
#include "wsgate/pki.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <random>
#include <stdexcept>

namespace wsgate::testing {

std::filesystem::path bin_dir() { return WSGATE_BIN_DIR; }
std::filesystem::path source_dir() { return WSGATE_SOURCE_DIR; }

std::filesystem::path pki_dir() {
    static std::once_flag once;
    std::call_once(once, [] { pki::generate(WSGATE_PKI_DIR); });
    return WSGATE_PKI_DIR;
}

std::filesystem::path scratch_dir(const std::string& name) {
    static std::atomic<int> counter{0};
    auto dir = std::filesystem::path(WSGATE_SCRATCH_DIR) /
               ( std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" + name);
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

std::uint16_t free_port(const std::string& host) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) throw std::runtime_error("socket failed");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    ::inet_pton(AF_INET, host.c_str(), &addr.sin_addr);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        throw std::runtime_error("bind to " + host + ":0 failed");
    }
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

std::uint16_t free_port_base() {
    static std::atomic<unsigned> sequence{0};
    std::mt19937 rng(static_cast<unsigned>(::getpid()) * 7919u + sequence++);
    // Blocks of 100 ports: a run's own topology and the three topologies of
    // its fault cases (13 ports each, right above it) stay inside its block.
    constexpr unsigned block = 100, blocks = 200, topologies = 4, span = 13;
    for (int attempt = 0; attempt < 200; ++attempt) {
        const auto base = static_cast<std::uint16_t>(10000 + (rng() % blocks) * block);
        bool free = true;
        for (unsigned t = 0; t < topologies && free; ++t) {
            const auto first = static_cast<std::uint16_t>(base + t * span);
            for (std::uint16_t offset = 0; offset <= span && free; ++offset)
                free = can_bind("127.0.0.1", static_cast<std::uint16_t>(first + offset));
            for (const char* host : {"127.0.0.10", "127.0.0.11", "127.0.0.12"})
                free = free && can_bind(host, static_cast<std::uint16_t>(first + 3));
        }
        if (free) return base;
    }
    throw std::runtime_error("no free port block found");
}

}  // namespace wsgate::testing
