#include "cli/certs_command.hpp"

#include "cli/exit_codes.hpp"

#include "wsgate/pki.hpp"

#include <iostream>

namespace wsgate::cli {

int run_certs(const std::filesystem::path& out) {
    try {
        pki::generate(out);
    } catch (const std::exception& e) {
        std::cerr << "wsgate certs: " << e.what() << "\n";
        return exit_code::usage;
    }
    std::cout << "test PKI in " << out.string() << ": trust " << (out / "ca.pem").string()
              << "; server certificate server.pem/server.key (api.example.com, localhost, 127.0.0.1); "
                 "bad ones: expired, wronghost, selfsigned; client certificate client.pem/client.key\n";
    return exit_code::ok;
}

}  // namespace wsgate::cli
