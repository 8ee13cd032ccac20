#include "cli/inspect_command.hpp"

#include "cli/exit_codes.hpp"
#include "inspect/discovery_output.hpp"
#include "inspect/nginx_discovery.hpp"
#include "sandbox/sandbox.hpp"

#include <iostream>

namespace wsgate::cli {

int run_inspect(const inspect_options& options) {
    if (options.target != "builtin" && options.target != "nginx") {
        std::cerr << "wsgate inspect: discovery reads nginx syntax (--target builtin or nginx); " << options.target
                  << " configs are not read yet\n";
        return exit_code::usage;
    }
    try {
        const auto found = inspect::discover_nginx(options.config);
        std::cout << (options.json ? inspect::to_json(found) : inspect::to_text(found));
        return exit_code::ok;
    } catch (const sandbox::sandbox_error& e) {
        std::cerr << "wsgate inspect: " << e.what() << "\n";
        return exit_code::usage;
    }
}

}  // namespace wsgate::cli
