#include "targets.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace wsgate::bench {

namespace {

std::uint16_t free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

std::string tail(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::stringstream all;
    all << in.rdbuf();
    const auto text = all.str();
    return text.size() > 2000 ? text.substr(text.size() - 2000) : text;
}

}  // namespace

std::filesystem::path own_bin_dir() { return std::filesystem::read_symlink("/proc/self/exe").parent_path(); }

topology::topology(std::filesystem::path dir, std::filesystem::path bin_dir)
    : dir_(std::move(dir)), bin_dir_(std::move(bin_dir)) {}

topology::~topology() { stop(); }

std::string topology::render_config(const std::filesystem::path& prefix, std::uint16_t ws_port,
                                    std::uint16_t wss_port) const {
    const auto pki = (dir_ / "pki").string();
    std::ostringstream c;
    c << "worker_processes 1;\n"
      << "daemon off;\n"
      << "pid " << (prefix / "proxy.pid").string() << ";\n"
      << "error_log " << (prefix / "error.log").string() << " warn;\n"
      << "events { worker_connections 8192; }\n"
      << "http {\n"
      << "    access_log " << (prefix / "access.log").string() << ";\n"
      << "    client_body_temp_path " << (prefix / "tmp").string() << ";\n"
      << "    proxy_temp_path " << (prefix / "tmp").string() << ";\n"
      << "    fastcgi_temp_path " << (prefix / "tmp").string() << ";\n"
      << "    uwsgi_temp_path " << (prefix / "tmp").string() << ";\n"
      << "    scgi_temp_path " << (prefix / "tmp").string() << ";\n"
      << "    map $http_upgrade $connection_upgrade { default upgrade; '' close; }\n"
      << "    server {\n"
      << "        listen 127.0.0.1:" << ws_port << ";\n"
      << "        listen 127.0.0.1:" << wss_port << " ssl;\n"
      << "        server_name api.example.com;\n"
      << "        ssl_certificate " << pki << "/server.pem;\n"
      << "        ssl_certificate_key " << pki << "/server.key;\n"
      << "        ssl_session_cache shared:SSL:10m;\n"
      << "        location / {\n"
      << "            proxy_pass http://127.0.0.1:" << echo_port_ << ";\n"
      << "            proxy_http_version 1.1;\n"
      << "            proxy_set_header Upgrade $http_upgrade;\n"
      << "            proxy_set_header Connection $connection_upgrade;\n"
      << "            proxy_set_header Host $host;\n"
      << "        }\n"
      << "    }\n"
      << "}\n";
    return c.str();
}

void topology::start(const std::vector<std::string>& proxies) {
    const auto ready = dir_ / "echo.ready";
    std::filesystem::remove(ready);
    echo_.emplace(proc::spawn_options{
        .argv = {"/usr/bin/taskset", "-c", "0", (bin_dir_ / "wsgate-echo").string(), "--threads", "1",
                 "--listen", "127.0.0.1:0=single", "--ready-file", ready.string()},
        .stdout_path = (dir_ / "echo.log").string(),
        .stderr_path = (dir_ / "echo.log").string()});
    if (!proc::wait_for_file(ready, std::chrono::seconds(10))) {
        throw std::runtime_error("wsgate-echo did not become ready: " + tail(dir_ / "echo.log"));
    }
    std::ifstream in(ready);
    std::string id, address;
    in >> id >> address;
    echo_port_ = static_cast<std::uint16_t>(std::stoi(address.substr(address.rfind(':') + 1)));

    for (const auto& name : proxies) {
        const auto prefix = dir_ / name;
        std::filesystem::remove_all(prefix);
        std::filesystem::create_directories(prefix / "tmp");
        proxy_process p{.ws_port = free_port(), .wss_port = free_port()};
        const auto conf = prefix / "proxy.conf";
        std::ofstream(conf) << render_config(prefix, p.ws_port, p.wss_port);
        std::vector<std::string> argv{"/usr/bin/taskset", "-c", "1"};
        if (name == "nginx") {
            argv.insert(argv.end(), {"/usr/sbin/nginx", "-p", prefix.string() + "/", "-c", conf.string(), "-e",
                                     (prefix / "error.log").string()});
        } else {
            argv.insert(argv.end(), {(bin_dir_ / "wsgate-proxy").string(), "-p", prefix.string(), "-c", conf.string()});
        }
        p.process.emplace(proc::spawn_options{.argv = argv,
                                                    .stdout_path = (prefix / "stdout.log").string(),
                                                    .stderr_path = (prefix / "stdout.log").string()});
        if (!proc::wait_for_port("127.0.0.1", p.ws_port, std::chrono::seconds(10)) ||
            !proc::wait_for_port("127.0.0.1", p.wss_port, std::chrono::seconds(10))) {
            throw std::runtime_error(name + " did not start listening: " + tail(prefix / "error.log") +
                                     tail(prefix / "stdout.log"));
        }
        proxies_.emplace(name, std::move(p));
    }
}

void topology::stop() {
    proxies_.clear();
    echo_.reset();
}

endpoint topology::endpoint_of(const std::string& proxy, bool tls) const {
    const auto& p = proxies_.at(proxy);
    return endpoint{.port = tls ? p.wss_port : p.ws_port, .tls = tls, .ca_file = (dir_ / "pki" / "ca.pem").string()};
}

int topology::pid_of(const std::string& proxy) const { return proxies_.at(proxy).process->pid(); }

}  // namespace wsgate::bench
