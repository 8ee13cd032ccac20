// No proxy: a wsgate-echo backend listens on the proxy's ports itself (ws,
// and wss with the test certificate), so clients reach a backend directly.
// The ceiling in comparisons: no proxy can beat it. Cases that look inside
// the seed's backends are skipped, since there are none behind it.
#pragma once

#include "topology/process_target.hpp"

namespace wsgate::topology {

class direct_target final : public process_target {
public:
    std::string name() const override { return "direct"; }
    bool has_backends() const override { return false; }

protected:
    std::vector<std::string> command(const target_context& ctx,
                                     const std::filesystem::path& config) const override;
    std::filesystem::path render_config(const target_context&) const override { return {}; }
};

}  // namespace wsgate::topology
