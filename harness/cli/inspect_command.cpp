#include "cli/inspect_command.hpp"

#include "cli/exit_codes.hpp"
#include "inspect/discovery_output.hpp"
#include "inspect/discover.hpp"
#include "sandbox/sandbox.hpp"
#include "topology/target.hpp"

#include <iostream>

namespace wsgate::cli {

int run_inspect(const inspect_options& options) {
    std::optional<sandbox::config_language> language;
    try {
        language = topology::make_target(options.target)->config_language();
    } catch (const std::invalid_argument& e) {
        std::cerr << "wsgate inspect: " << e.what() << "\n";
        return exit_code::usage;
    }
    if (!language) {
        std::cerr << "wsgate inspect: --target " << options.target << " takes no config\n";
        return exit_code::usage;
    }
    try {
        const auto found = inspect::discover(*language, options.config);
        std::cout << (options.json ? inspect::to_json(found) : inspect::to_text(found));
        return exit_code::ok;
    } catch (const sandbox::sandbox_error& e) {
        std::cerr << "wsgate inspect: " << e.what() << "\n";
        return exit_code::usage;
    }
}

}  // namespace wsgate::cli
