#include "refused_port.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace wsgate::testing {

refused_port::refused_port() : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    if (fd_ < 0) throw std::runtime_error("socket() failed");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = 0;  // the kernel picks a free one
    ::inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    socklen_t size = sizeof address;
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
        ::close(fd_);
        throw std::runtime_error("bind() to a loopback port failed");
    }
    port_ = ntohs(address.sin_port);
}

refused_port::~refused_port() { ::close(fd_); }

}  // namespace wsgate::testing
