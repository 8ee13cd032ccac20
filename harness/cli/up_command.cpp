#include "cli/up_command.hpp"

#include "cli/exit_codes.hpp"
#include "cli/interrupt.hpp"
#include "cli/sandbox_summary.hpp"

#include <iostream>
#include <thread>

namespace wsgate::cli {

namespace {

// How often wsgate up looks for Ctrl-C and for a process that died.
constexpr auto watch_interval = std::chrono::milliseconds(200);

void print_seed(started_topology& topo) {
    const auto& l = topo.where();
    const auto ep = topo.proxy().endpoint();
    std::cout << "wsgate up: " << topo.proxy().name() << " on the seed topology (logs in "
              << topo.context().run_dir.string() << ")\n";
    if (ep.ws_port)
        std::cout << "  ws://api.example.com/ws/   ws://api.example.com/   -> " << ep.host << ":" << ep.ws_port << "\n";
    if (ep.wss_port)
        std::cout << "  wss://api.example.com/wss                      -> " << ep.host << ":" << ep.wss_port
                  << "  (CA " << (topo.context().pki_dir / "ca.pem").string() << ")\n";
    for (const auto& b : l.backends) std::cout << "  backend " << b.id << " on " << b.address() << "\n";
    std::cout << "Clients send Host and SNI api.example.com; with websocat:\n"
              << "  websocat -H 'Host: api.example.com' ws://" << ep.host << ":" << ep.ws_port << "/ws/\n";
}

void print_own_config(started_topology& topo, const std::filesystem::path& config) {
    std::cout << "wsgate up: " << topo.proxy().name() << " on " << config.string() << " (logs in "
              << topo.context().run_dir.string() << ")\n";
    print_sandbox(std::cout, *topo.context().sandbox);
    std::cout << "Clients send the config's own Host and SNI names; TLS clients trust "
              << (topo.context().pki_dir / "ca.pem").string() << "\n";
}

}  // namespace

int run_up(const topology_options& options) {
    try {
        started_topology topo(options);
        if (topo.context().sandbox)
            print_own_config(topo, *options.config);
        else
            print_seed(topo);
        std::cout << "Press Ctrl-C to stop." << std::endl;
        while (!interrupted()) {
            if (auto failure = topo.failure(); !failure.empty()) {
                std::cerr << "wsgate up: " << failure << "\n" << topo.proxy().logs();
                return exit_code::start_failed;
            }
            std::this_thread::sleep_for(watch_interval);
        }
        std::cout << "wsgate up: stopping" << std::endl;
        return exit_code::ok;
    } catch (const topology::config_error& e) {
        std::cerr << "wsgate up: " << e.what() << "\n";
        return exit_code::usage;
    } catch (const topology::start_error& e) {
        std::cerr << "wsgate up: " << e.what() << "\n";
        return exit_code::start_failed;
    } catch (const std::invalid_argument& e) {
        std::cerr << "wsgate up: " << e.what() << "\n";
        return exit_code::usage;
    }
}

}  // namespace wsgate::cli
