// Debian's Caddy 2.6 with the admin endpoint and automatic HTTPS off, its
// data and config folders inside the run folder, and the seed topology's
// Caddyfile (harness/templates/seed.Caddyfile).
#pragma once

#include "topology/process_target.hpp"

namespace wsgate::topology {

class caddy_target final : public process_target {
public:
    std::string name() const override { return "caddy"; }

protected:
    std::vector<std::string> command(const target_context& ctx,
                                     const std::filesystem::path& config) const override;
    void prepare(const target_context& ctx, const std::filesystem::path& config) const override;
    std::filesystem::path render_config(const target_context& ctx) const override;
    std::vector<std::string> environment(const target_context& ctx) const override;
};

}  // namespace wsgate::topology
