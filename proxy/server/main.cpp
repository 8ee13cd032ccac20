// wsgate-proxy: the reference proxy. `-t` checks the configuration as
// `nginx -t` does; otherwise it runs it in the foreground.
#include "config/loader.hpp"
#include "server/server.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

int main(int argc, char** argv) {
    CLI::App app{"wsgate-proxy: a WebSocket-capable reverse proxy that reads nginx configuration and follows nginx "
                 "1.22 semantics for the directives it accepts"};
    std::string file;
    std::string prefix;
    bool test = false;
    app.add_option("-c", file, "configuration file")->required();
    app.add_option("-p", prefix, "prefix for relative pid, log and temp paths (default: the file's folder)");
    app.add_flag("-t", test, "test the configuration and exit");
    CLI11_PARSE(app, argc, argv);

    wsgate::proxy::config::main_config config;
    try {
        config = wsgate::proxy::config::load(file, prefix);
    } catch (const wsgate::proxy::config::refused_directives& e) {
        for (const auto& one : e.all()) std::cerr << "wsgate-proxy: [emerg] " << one.what() << "\n";
        if (test) std::cerr << "wsgate-proxy: configuration file " << file << " test failed\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "wsgate-proxy: [emerg] " << e.what() << "\n";
        if (test) std::cerr << "wsgate-proxy: configuration file " << file << " test failed\n";
        return 1;
    }
    for (const auto& w : config.warnings) std::cerr << "wsgate-proxy: [warn] " << w << "\n";
    if (test) {
        std::cerr << "wsgate-proxy: the configuration file " << file << " syntax is ok\n"
                  << "wsgate-proxy: configuration file " << file << " test is successful\n";
        return 0;
    }
    try {
        return wsgate::proxy::server::run(config);
    } catch (const std::exception& e) {
        std::cerr << "wsgate-proxy: [emerg] " << e.what() << "\n";
        return 1;
    }
}
