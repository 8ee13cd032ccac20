// nginx runs with -p RUN_DIR and the rendered copy of the user's config in
// RUN_DIR, so its relative paths resolve there rather than where nginx would
// resolve them for the original: against the config's own folder (includes
// such as mime.types, sites-enabled/*) and against the compiled-in prefix
// (load_module modules/...). The run folder gets links to both, so the copy
// finds exactly what the original would.
#pragma once

#include <filesystem>

namespace wsgate::topology {

// Debian's nginx: --prefix=/usr/share/nginx.
inline const std::filesystem::path nginx_compiled_prefix = "/usr/share/nginx";

// Links each entry of user_config's folder, and the compiled prefix's
// `modules`, into run_dir where nothing of that name exists yet.
void link_nginx_paths(const std::filesystem::path& user_config, const std::filesystem::path& run_dir,
                      const std::filesystem::path& compiled_prefix = nginx_compiled_prefix);

}  // namespace wsgate::topology
