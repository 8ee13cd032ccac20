// wsgate-proxy: the reference proxy. `-t` checks the configuration as
// `nginx -t` does; otherwise it runs it in the foreground. `-e FILE`, as
// nginx's, is the error log until (and unless) the configuration names one.
// SIGHUP reads the configuration again and replaces the workers.
#include "config/loader.hpp"
#include "server/server.hpp"

#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <string>
#include <variant>
#include <vector>

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

    // The configuration, or the [emerg] lines that refuse it; read again on SIGHUP.
    const auto read = [&]() -> std::variant<wsgate::proxy::config::main_config, std::vector<std::string>> {
        try {
            auto loaded = wsgate::proxy::config::load(file, prefix);
            if (loaded.error_log_path.empty() && startup.is_open()) loaded.error_log_path = startup_log;
            return loaded;
        } catch (const wsgate::proxy::config::refused_directives& e) {
            std::vector<std::string> lines;
            for (const auto& one : e.all()) lines.push_back(one.what());
            return lines;
        } catch (const std::exception& e) {
            return std::vector<std::string>{e.what()};
        }
    };
    auto first = read();
    if (auto* refused = std::get_if<std::vector<std::string>>(&first)) {
        for (const auto& line : *refused) say("[emerg] " + line);
        if (test) say("configuration file " + file + " test failed");
        return 1;
    }
    auto& config = std::get<wsgate::proxy::config::main_config>(first);
    for (const auto& w : config.warnings) say("[warn] " + w);
    if (test) {
        std::cerr << "wsgate-proxy: the configuration file " << file << " syntax is ok\n"
                  << "wsgate-proxy: configuration file " << file << " test is successful\n";
        return 0;
    }
    try {
        return wsgate::proxy::server::run(std::move(config), read);
    } catch (const std::exception& e) {
        say(std::string("[emerg] ") + e.what());
        return 1;
    }
}
