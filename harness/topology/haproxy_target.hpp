// Debian's HAProxy 2.6 in the foreground (-db), one thread, with the seed
// topology's HAProxy template (harness/templates/seed.haproxy.cfg).
#pragma once

#include "topology/process_target.hpp"

namespace wsgate::topology {

class haproxy_target final : public process_target {
public:
    std::string name() const override { return "haproxy"; }
    std::optional<sandbox::config_language> config_language() const override {
        return sandbox::config_language::haproxy;
    }

protected:
    std::vector<std::string> command(const target_context& ctx,
                                     const std::filesystem::path& config) const override;
    void prepare(const target_context& ctx, const std::filesystem::path& config) const override;
    // The sandbox's copy of a user's own haproxy.cfg, else the template
    // rendered for this run.
    std::filesystem::path render_config(const target_context& ctx) const override;
    path_map user_files(const target_context& ctx, const std::filesystem::path& config) const override;
};

}  // namespace wsgate::topology
