#include "topology/nginx_prefix.hpp"

namespace wsgate::topology {

namespace {

void link_if_free(const std::filesystem::path& target, const std::filesystem::path& link) {
    std::error_code ec;
    if (std::filesystem::exists(std::filesystem::symlink_status(link, ec))) return;
    std::filesystem::create_symlink(target, link, ec);
}

}  // namespace

void link_nginx_paths(const std::filesystem::path& user_config, const std::filesystem::path& run_dir,
                      const std::filesystem::path& compiled_prefix) {
    const auto folder = std::filesystem::absolute(user_config).parent_path();
    std::error_code ec;
    for (std::filesystem::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec))
        if (it->path().filename() != user_config.filename())
            link_if_free(it->path(), run_dir / it->path().filename());
    const auto modules = compiled_prefix / "modules";
    if (std::filesystem::is_directory(modules, ec)) link_if_free(modules, run_dir / "modules");
}

}  // namespace wsgate::topology
