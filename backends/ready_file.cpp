#include "ready_file.hpp"

#include <unistd.h>

#include <fstream>
#include <iostream>
#include <stdexcept>
#include <system_error>

namespace wsgate::echo {

namespace {

std::string address_text(const boost::asio::ip::tcp::endpoint& endpoint) {
    const auto address = endpoint.address();
    const auto host = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
    return host + ":" + std::to_string(endpoint.port());
}

void write_atomically(const std::filesystem::path& path, const std::string& content) {
    auto temporary = path;
    temporary += ".tmp-" + std::to_string(::getpid());
    {
        std::ofstream out(temporary, std::ios::trunc);
        out << content;
        out.close();
        if (!out) throw std::runtime_error("cannot write " + temporary.string());
    }
    std::error_code ec;
    std::filesystem::rename(temporary, path, ec);
    if (ec)
        throw std::runtime_error("cannot rename " + temporary.string() + " to " + path.string() + ": " +
                                 ec.message());
}

}  // namespace

std::string ready_lines(const std::vector<bound_listener>& listeners) {
    std::string out;
    for (const auto& l : listeners)
        out += l.id + " " + address_text(l.endpoint) + (l.tls ? " wss\n" : " ws\n");
    return out;
}

void announce(const std::vector<bound_listener>& listeners, const std::filesystem::path& ready_file) {
    for (const auto& l : listeners)
        std::cout << "wsgate-echo: " << l.id << " listening on " << (l.tls ? "wss://" : "ws://")
                  << address_text(l.endpoint) << "/\n";
    std::cout << "wsgate-echo: ready" << std::endl;
    if (!ready_file.empty()) write_atomically(ready_file, ready_lines(listeners));
}

}  // namespace wsgate::echo
