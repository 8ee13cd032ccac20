#include "soak/raw_connection.hpp"

#include "wsgate/connect.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <utility>

namespace wsgate::soak {

namespace {

constexpr std::size_t read_size = 16 * 1024;

int millis_until(clock::time_point until) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - clock::now()).count();
    return static_cast<int>(std::clamp<long long>(left, 0, net::max_poll_wait.count()));
}

}  // namespace

raw_connection::raw_connection(raw_connection&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

raw_connection& raw_connection::operator=(raw_connection&& other) noexcept {
    if (this != &other) {
        close();
        fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
}

raw_connection::~raw_connection() { close(); }

bool raw_connection::wait_for(short events, clock::time_point until) {
    for (;;) {
        pollfd p{fd_, events, 0};
        const int ready = ::poll(&p, 1, millis_until(until));
        if (ready > 0) return true;
        if (ready == 0) return false;
        if (errno != EINTR) return false;
    }
}

bool raw_connection::connect(const std::string& host, std::uint16_t port, clock::time_point until) {
    close();
    fd_ = net::connect_before(host, port, until);
    return fd_ >= 0;
}

bool raw_connection::write_all(std::string_view bytes, clock::time_point until) {
    while (!bytes.empty() && fd_ >= 0) {
        const auto n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n > 0) {
            bytes.remove_prefix(static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && wait_for(POLLOUT, until)) continue;
        return false;
    }
    return fd_ >= 0;
}

bool raw_connection::read_until(std::string& into, std::string_view marker, clock::time_point until) {
    std::array<char, read_size> chunk;
    while (into.find(marker) == std::string::npos) {
        if (!wait_for(POLLIN, until)) return true;
        const auto n = ::recv(fd_, chunk.data(), chunk.size(), 0);
        if (n > 0) {
            into.append(chunk.data(), static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        return false;
    }
    return true;
}

bool raw_connection::read_some(std::string& into, clock::time_point until) {
    std::array<char, read_size> chunk;
    for (;;) {
        if (!wait_for(POLLIN, until)) return false;
        const auto n = ::recv(fd_, chunk.data(), chunk.size(), 0);
        if (n > 0) {
            into.append(chunk.data(), static_cast<std::size_t>(n));
            return true;
        }
        if (n == 0 || (errno != EINTR && errno != EAGAIN)) return false;
    }
}

bool raw_connection::wait_for_close(clock::time_point until, std::size_t& received) {
    std::array<char, read_size> chunk;
    for (;;) {
        if (!wait_for(POLLIN, until)) return false;
        const auto n = ::recv(fd_, chunk.data(), chunk.size(), 0);
        if (n > 0) received += static_cast<std::size_t>(n);
        if (n == 0) return true;
        if (n < 0 && errno != EINTR && errno != EAGAIN) return true;
    }
}

bool raw_connection::closed_by_peer() {
    if (fd_ < 0) return true;
    std::array<char, read_size> chunk;
    for (;;) {
        const auto n = ::recv(fd_, chunk.data(), chunk.size(), MSG_DONTWAIT);
        if (n == 0) return true;
        if (n > 0) continue;
        return errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR;
    }
}

void raw_connection::close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

void raw_connection::reset() {
    if (fd_ < 0) return;
    const linger abort_on_close{1, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof abort_on_close);
    close();
}

}  // namespace wsgate::soak
