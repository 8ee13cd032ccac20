#include "cli/run_context.hpp"

#include "cli/exit_codes.hpp"
#include "cli/locate.hpp"

#include "sandbox/sandbox_config.hpp"

#include "wsgate/seed.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

namespace wsgate::cli {

namespace {

bool is_own_config(const std::filesystem::path& config) {
    std::ifstream in(config, std::ios::binary);
    if (!in) throw topology::config_error("cannot read config " + config.string());
    std::ostringstream text;
    text << in.rdbuf();
    return !topology::is_template(text.str());
}

}  // namespace

started_topology::started_topology(const topology_options& options) {
    target_ = topology::make_target(options.target);
    context_.where = topology::layout::seed(options.port_base);
    context_.run_dir = std::filesystem::absolute(options.run_dir);
    context_.bin_dir = own_bin_dir();
    context_.pki_dir = default_pki_dir();
    context_.user_config = options.config;
    context_.proxy_cpu = options.proxy_cpu;
    context_.backends_cpu = options.backends_cpu;
    std::filesystem::remove_all(context_.run_dir);
    std::filesystem::create_directories(context_.run_dir);
    const auto language = target_->config_language();
    if (options.config && language && is_own_config(*options.config)) {
        try {
            context_.sandbox = sandbox::sandbox_config(
                *language, *options.config,
                {.run_dir = context_.run_dir / target_->name(),
                 .pki_dir = context_.pki_dir,
                 .first_port = options.port_base.value_or(seed::proxy_ws_port),
                 .max_ports = topology::sandbox_port_span});
        } catch (const sandbox::sandbox_error& e) {
            throw topology::config_error(e.what());
        }
        context_.where = topology::layout::sandboxed(*context_.sandbox);
    }
    if (target_->has_backends()) {
        try {
            topology::require_free_ports(context_.where, true);
        } catch (const std::runtime_error& e) {
            throw topology::start_error(e.what());
        }
        backends_ = std::make_unique<topology::backend_pool>(context_.bin_dir / "wsgate-echo",
                                                             context_.run_dir / "backends", context_.backends_cpu);
        backends_->start(context_.where);
    }
    auto proxy_context = context_;
    proxy_context.run_dir = context_.run_dir / target_->name();
    target_->start(proxy_context);
}

started_topology::~started_topology() {
    if (target_) target_->stop();
    if (backends_) backends_->stop();
}

std::string started_topology::failure() {
    if (auto f = target_->failure(); !f.empty()) return f;
    if (backends_) {
        for (const auto& [id, how] : backends_->unexpected_exits()) return "backend " + id + " " + how;
    }
    return {};
}

std::unique_ptr<started_topology> start_topology(const topology_options& options, const std::string& command,
                                                 start_problem& problem) {
    try {
        return std::make_unique<started_topology>(options);
    } catch (const topology::config_error& e) {
        problem = {exit_code::usage, e.what()};
    } catch (const std::invalid_argument& e) {
        problem = {exit_code::usage, e.what()};
    } catch (const std::exception& e) {
        problem = {exit_code::start_failed, std::string("the target or a backend could not be started: ") + e.what()};
    }
    std::cerr << "wsgate " << command << ": " << problem.message << "\n";
    return nullptr;
}

}  // namespace wsgate::cli
