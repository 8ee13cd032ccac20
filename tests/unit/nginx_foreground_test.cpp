// nginx under wsgate stays in the foreground whatever the config says about
// daemon (a daemonised master would outlive wsgate), with every line of the
// rendered copy where the user wrote it.
#include "paths.hpp"
#include "topology/nginx_foreground.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

using namespace wsgate::topology;

namespace {

std::string rewritten(const std::string& text, bool& needs_flag) {
    const auto file = wsgate::testing::scratch_dir("foreground") / "nginx.conf";
    std::ofstream(file) << text;
    needs_flag = keep_in_foreground(file);
    std::ifstream in(file);
    std::stringstream out;
    out << in.rdbuf();
    return out.str();
}

}  // namespace

TEST(NginxForeground, ReadsDaemonOnlyWhereNginxWouldInTheMainContext) {
    bool needs_flag = false;
    // A comment or a nested block does not set it: nginx's default (on) holds.
    EXPECT_EQ(rewritten("# daemon off;\nevents {}\n", needs_flag), "# daemon off;\nevents {}\n");
    EXPECT_TRUE(needs_flag);
    EXPECT_EQ(rewritten("http { server { daemon off; } }\n", needs_flag), "http { server { daemon off; } }\n");
    EXPECT_TRUE(needs_flag);
    EXPECT_EQ(rewritten("daemon ON;\n", needs_flag), "daemon off;\n");
    EXPECT_FALSE(needs_flag);
}

TEST(NginxForeground, AConfigWithoutDaemonGetsTheCommandLineFlag) {
    bool needs_flag = false;
    EXPECT_EQ(rewritten("events {}\n", needs_flag), "events {}\n");
    EXPECT_TRUE(needs_flag);
}

TEST(NginxForeground, DaemonOnBecomesOffOnTheSameLine) {
    bool needs_flag = true;
    EXPECT_EQ(rewritten("user www-data;\ndaemon on;  # ours\nevents {}\n", needs_flag),
              "user www-data;\ndaemon off;  # ours\nevents {}\n");
    EXPECT_FALSE(needs_flag);
    EXPECT_EQ(rewritten("daemon\n  on\n;\nevents {}\n", needs_flag), "daemon off\n\n;\nevents {}\n");
}

TEST(NginxForeground, DaemonOffIsLeftAlone) {
    bool needs_flag = true;
    EXPECT_EQ(rewritten("daemon off;\nevents {}\n", needs_flag), "daemon off;\nevents {}\n");
    EXPECT_FALSE(needs_flag);
}
