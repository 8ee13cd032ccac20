#include "cli/certs_command.hpp"

#include "cli/exit_codes.hpp"

#include "wsgate/pki.hpp"

#include <iostream>

namespace wsgate::cli {

namespace {

// "*.example.org" names files "wildcard.example.org.pem".
std::string host_stem(const std::string& host) { return host.starts_with("*.") ? "wildcard" + host.substr(1) : host; }

}  // namespace

int run_certs(const std::filesystem::path& out, const std::vector<std::string>& hosts) {
    try {
        pki::generate(out);
        if (!hosts.empty()) pki::issue_server_certificate(out, out / host_stem(hosts.front()), hosts);
    } catch (const std::exception& e) {
        std::cerr << "wsgate certs: " << e.what() << "\n";
        return exit_code::usage;
    }
    std::cout << "test PKI in " << out.string() << ": trust " << (out / "ca.pem").string()
              << "; server certificate server.pem/server.key (api.example.com, localhost, 127.0.0.1); "
                 "bad ones: expired, wronghost, selfsigned; client certificate client.pem/client.key\n";
    if (!hosts.empty()) {
        std::cout << "host certificate " << host_stem(hosts.front()) << ".pem/.key for";
        for (const auto& h : hosts) std::cout << " " << h;
        std::cout << ", localhost, 127.0.0.1\n";
    }
    return exit_code::ok;
}

}  // namespace wsgate::cli
