#include "server/listeners.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace wsgate::proxy::server {

namespace {

[[noreturn]] void failed(const config::listen_address& address, int error) {
    throw std::runtime_error("bind() to " + address.text + " failed (" + std::to_string(error) + ": " +
                             std::strerror(error) + ")");
}

// socket(), the options nginx sets (SO_REUSEADDR; SO_REUSEPORT with
// "reuseport"; IPV6_V6ONLY, nginx's default ipv6only=on), bind() and listen().
int bind_address(const config::listen_address& address) {
    const bool v6 = address.address.find(':') != std::string::npos;
    sockaddr_storage storage{};
    socklen_t length = 0;
    if (v6) {
        auto& in6 = reinterpret_cast<sockaddr_in6&>(storage);
        in6.sin6_family = AF_INET6;
        in6.sin6_port = htons(address.port);
        if (inet_pton(AF_INET6, address.address.c_str(), &in6.sin6_addr) != 1) failed(address, EINVAL);
        length = sizeof in6;
    } else {
        auto& in4 = reinterpret_cast<sockaddr_in&>(storage);
        in4.sin_family = AF_INET;
        in4.sin_port = htons(address.port);
        if (inet_pton(AF_INET, address.address.c_str(), &in4.sin_addr) != 1) failed(address, EINVAL);
        length = sizeof in4;
    }
    const int fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) failed(address, errno);
    const int on = 1;
    const bool ok = ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) == 0 &&
                    (!address.reuseport || ::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on) == 0) &&
                    (!v6 || ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on) == 0) &&
                    ::bind(fd, reinterpret_cast<const sockaddr*>(&storage), length) == 0 &&
                    ::listen(fd, address.backlog) == 0;
    if (!ok) {
        const int error = errno;
        ::close(fd);
        failed(address, error);
    }
    return fd;
}

}  // namespace

listeners::listeners(const config::main_config& config, const listeners* previous) {
    try {
        for (const auto& address : config.addresses) {
            if (!address.bind) continue;
            const int held = previous ? previous->socket_of(address.text) : -1;
            const int fd = held >= 0 ? ::fcntl(held, F_DUPFD_CLOEXEC, 0) : bind_address(address);
            if (fd < 0) failed(address, errno);
            sockets_.emplace(address.text, fd);
        }
    } catch (...) {
        for (const auto& [text, fd] : sockets_) ::close(fd);
        throw;
    }
}

listeners::~listeners() { close(); }

void listeners::close() {
    for (const auto& [text, fd] : sockets_) ::close(fd);
    sockets_.clear();
}

int listeners::socket_of(const std::string& address) const {
    const auto found = sockets_.find(address);
    return found == sockets_.end() ? -1 : found->second;
}

}  // namespace wsgate::proxy::server
