#include "sandbox/nginx_sandbox.hpp"

#include "sandbox/config_tree.hpp"
#include "sandbox/nginx_rewriter.hpp"

namespace wsgate::sandbox {

sandbox_result sandbox_nginx(const std::filesystem::path& config, const nginx_sandbox_options& options) {
    const auto root = options.run_dir / "sandbox";
    std::filesystem::remove_all(root);
    return nginx_rewriter(read_config_tree(config, root, options.conf_dir), options).run();
}

}  // namespace wsgate::sandbox
