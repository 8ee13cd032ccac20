// Debian's Caddy 2.6 with the admin endpoint off, its data and config
// folders inside the run folder, running the seed topology's Caddyfile
// (harness/templates/seed.Caddyfile, automatic HTTPS off) or the sandbox's
// copy of a user's own.
#pragma once

#include "topology/process_target.hpp"

namespace wsgate::topology {

class caddy_target final : public process_target {
public:
    std::string name() const override { return "caddy"; }
    std::optional<sandbox::config_language> config_language() const override {
        return sandbox::config_language::caddy;
    }

protected:
    std::vector<std::string> command(const target_context& ctx,
                                     const std::filesystem::path& config) const override;
    void prepare(const target_context& ctx, const std::filesystem::path& config) const override;
    std::filesystem::path render_config(const target_context& ctx) const override;
    path_map user_files(const target_context& ctx, const std::filesystem::path& config) const override;
    // A sandboxed Caddyfile's sites get their certificates from Caddy's
    // internal CA after the ports open: the run waits until every name has one.
    void await_ready(const target_context& ctx, std::chrono::steady_clock::time_point deadline) const override;
    std::vector<std::string> environment(const target_context& ctx) const override;
};

}  // namespace wsgate::topology
