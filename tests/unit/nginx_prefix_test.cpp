// The run folder stands in for nginx's conf folder and compiled-in prefix,
// so a rendered copy's relative includes and load_module paths find what the
// user's original finds.
#include "paths.hpp"
#include "topology/nginx_prefix.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace fs = std::filesystem;
using wsgate::topology::link_nginx_paths;

TEST(NginxPrefix, LinksTheConfigsFolderAndTheCompiledModules) {
    const auto root = wsgate::testing::scratch_dir("nginx-prefix");
    fs::create_directories(root / "etc/sites-enabled");
    fs::create_directories(root / "prefix/modules");
    fs::create_directories(root / "run");
    std::ofstream(root / "etc/nginx.conf") << "events {}\n";
    std::ofstream(root / "etc/mime.types") << "types {}\n";
    std::ofstream(root / "run/error.log") << "ours\n";
    std::ofstream(root / "etc/error.log") << "theirs\n";
    link_nginx_paths(root / "etc/nginx.conf", root / "run", root / "prefix");
    EXPECT_EQ(fs::read_symlink(root / "run/mime.types"), root / "etc/mime.types");
    EXPECT_EQ(fs::read_symlink(root / "run/sites-enabled"), root / "etc/sites-enabled");
    EXPECT_EQ(fs::read_symlink(root / "run/modules"), root / "prefix/modules");
    // The config itself is rendered, not linked; what the run already has stays.
    EXPECT_FALSE(fs::exists(root / "run/nginx.conf"));
    EXPECT_FALSE(fs::is_symlink(root / "run/error.log"));
}
