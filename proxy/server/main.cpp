// wsgate-proxy: the reference proxy. `-t` checks the configuration as
// `nginx -t` does; otherwise it runs it in the foreground. `-e FILE`, as
// nginx's, is the error log until (and unless) the configuration names one.
#include "config/loader.hpp"
#include "server/server.hpp"

#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>

int main(int argc, char** argv) {
    CLI::App app{"wsgate-proxy: a WebSocket-capable reverse proxy that reads nginx configuration and follows nginx "
                 "1.22 semantics for the directives it accepts"};
    std::string file;
    std::string prefix;
    std::string startup_log;
    bool test = false;
    app.add_option("-c", file, "configuration file")->required();
    app.add_option("-p", prefix, "prefix for relative pid, log and temp paths (default: the file's folder)");
    app.add_flag("-t", test, "test the configuration and exit");
    app.add_option("-e", startup_log, "error log before the configuration's own (\"stderr\": standard error)");
    CLI11_PARSE(app, argc, argv);

    std::ofstream startup;
    if (!startup_log.empty() && startup_log != "stderr") {
        startup.open(startup_log, std::ios::app);
        if (!startup) {
            std::cerr << "wsgate-proxy: [alert] could not open error log file \"" << startup_log << "\"\n";
            return 1;
        }
    }
    // Each startup message on standard error, and in the -e file when there is one.
    const auto say = [&](const std::string& line) {
        std::cerr << "wsgate-proxy: " << line << "\n";
        if (startup.is_open()) startup << "wsgate-proxy: " << line << "\n" << std::flush;
    };

    wsgate::proxy::config::main_config config;
    try {
        config = wsgate::proxy::config::load(file, prefix);
    } catch (const wsgate::proxy::config::refused_directives& e) {
        for (const auto& one : e.all()) say(std::string("[emerg] ") + one.what());
        if (test) say("configuration file " + file + " test failed");
        return 1;
    } catch (const std::exception& e) {
        say(std::string("[emerg] ") + e.what());
        if (test) say("configuration file " + file + " test failed");
        return 1;
    }
    for (const auto& w : config.warnings) say("[warn] " + w);
    if (config.error_log_path.empty() && startup.is_open()) config.error_log_path = startup_log;
    if (test) {
        std::cerr << "wsgate-proxy: the configuration file " << file << " syntax is ok\n"
                  << "wsgate-proxy: configuration file " << file << " test is successful\n";
        return 0;
    }
    try {
        return wsgate::proxy::server::run(config);
    } catch (const std::exception& e) {
        say(std::string("[emerg] ") + e.what());
        return 1;
    }
}
