#include "wsgate/connect.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace wsgate::net {

int connect_before(const std::string& host, std::uint16_t port, std::chrono::steady_clock::time_point deadline) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    if (::inet_pton(AF_INET, host.c_str(), &address.sin_addr) != 1) return -1;
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0) return fd;
    if (errno == EINPROGRESS) {
        for (;;) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            pollfd p{fd, POLLOUT, 0};
            const int ready =
                ::poll(&p, 1, static_cast<int>(std::clamp<long long>(left.count(), 0, max_poll_wait.count())));
            if (ready < 0 && errno == EINTR) continue;
            int error = 0;
            socklen_t size = sizeof error;
            if (ready == 1 && ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) == 0 && error == 0) return fd;
            if (ready != 0 || left.count() <= 0) break;
        }
    }
    ::close(fd);
    return -1;
}

}  // namespace wsgate::net
