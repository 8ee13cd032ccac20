#include "cli/locate.hpp"

#include "wsgate/pki.hpp"

namespace wsgate::cli {

std::filesystem::path own_bin_dir() { return std::filesystem::read_symlink("/proc/self/exe").parent_path(); }

std::filesystem::path default_scenario_dir() {
    if (std::filesystem::is_directory("scenarios")) return std::filesystem::absolute("scenarios");
    return std::filesystem::path(WSGATE_SOURCE_DIR) / "scenarios";
}

std::filesystem::path default_pki_dir() {
    const auto dir = own_bin_dir().parent_path() / "pki";
    pki::generate(dir);
    return dir;
}

}  // namespace wsgate::cli
