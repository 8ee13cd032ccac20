// The load generator against peers that never answer: every run ends by
// itself at ramp + warmup + duration + linger, and what never opened is
// counted as an error, not left out.
#include "load/generator.hpp"
#include "paths.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>

using namespace std::chrono_literals;
namespace load = wsgate::load;

namespace {

// A loopback listener that never accepts: connects complete in the kernel's
// backlog and then nothing is ever read or written.
class silent_listener {
public:
    silent_listener() : port_(wsgate::testing::free_port_base()) {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        const int on = 1;
        ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port_);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
        EXPECT_EQ(::listen(fd_, backlog), 0);
    }
    ~silent_listener() { ::close(fd_); }
    std::uint16_t port() const { return port_; }

    static constexpr int backlog = 64;

private:
    std::uint16_t port_;
    int fd_ = -1;
};

load::load_options silent_target(std::uint16_t port, bool tls) {
    load::load_options o;
    o.target = {.host = "127.0.0.1", .port = port, .tls = tls, .host_header = "127.0.0.1", .path = "/"};
    o.connections = 8;
    o.rate = 0;
    o.warmup = 0ms;
    o.duration = 500ms;
    o.linger = 500ms;
    return o;
}

}  // namespace

// The reproducer of a hang: a wss burst against a plain listener once waited
// for ever, every connection in CLOSE-WAIT. A TLS handshake or an upgrade
// nobody answers must end at the hard stop, counted as timeouts.
class LoadGeneratorDeadline : public ::testing::TestWithParam<bool> {};

TEST_P(LoadGeneratorDeadline, OpeningNobodyAnswersEndsAtTheHardStopAsTimeouts) {
    silent_listener peer;
    const auto started = std::chrono::steady_clock::now();
    const auto result = load::run_load(silent_target(peer.port(), GetParam()), nullptr, nullptr);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
    EXPECT_EQ(result.connected, 0u);
    EXPECT_EQ(result.errors.at("timeout"), 8u);
}

INSTANTIATE_TEST_SUITE_P(TlsAndPlain, LoadGeneratorDeadline, ::testing::Values(true, false),
                         [](const auto& info) { return info.param ? std::string("wss") : std::string("ws"); });
