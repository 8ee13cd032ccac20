// wsgate-certs: writes the test PKI (see wsgate/pki.hpp) into a folder.
#include "wsgate/pki.hpp"

#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

int main(int argc, char** argv) {
    CLI::App app{"Generate the wsgate test PKI: a CA, a server certificate for api.example.com "
                 "(SANs localhost, 127.0.0.1) and deliberately bad certificates"};
    std::string out;
    app.add_option("--out", out, "Output folder (created if missing)")->required();
    CLI11_PARSE(app, argc, argv);
    try {
        wsgate::pki::generate(out);
    } catch (const std::exception& e) {
        std::cerr << "wsgate-certs: " << e.what() << "\n";
        return 1;
    }
    for (const char* name : wsgate::pki::names)
        std::cout << out << "/" << name << ".pem " << out << "/" << name << ".key\n";
    return 0;
}
