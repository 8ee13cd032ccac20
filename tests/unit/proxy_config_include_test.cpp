// nginx's include (ngx_conf_include): globs, relative paths, the included
// file's own errors, and the reference's refusal of cycles and runaway
// nesting, which nginx 1.22 follows until its stack overflows.
#include "config/error.hpp"
#include "config/loader.hpp"
#include "config/reader.hpp"
#include "proxy_test_config.hpp"

#include <gtest/gtest.h>

namespace cfg = wsgate::proxy::config;
using wsgate::testing::in_http;
using wsgate::testing::load_error;
using wsgate::testing::scratch_dir;
using wsgate::testing::write_file;

namespace {

std::string error_of(const std::filesystem::path& file) {
    try {
        cfg::load(file.string());
    } catch (const cfg::config_error& e) {
        return e.what();
    }
    return "loaded without error";
}

}  // namespace

// ngx_conf_include: globs relative to the configuration folder, sorted; no match is fine.
TEST(ConfigLoader, IncludesFilesInGlobOrderAndReportsTheirOwnErrors) {
    const auto dir = scratch_dir("include");
    write_file(dir / "nginx.conf", "events {}\nhttp {\n    include sites/*.conf;\n    include none/*.conf;\n}\n");
    write_file(dir / "sites/b.conf", "server { listen 127.0.0.1:8002; }\n");
    write_file(dir / "sites/a.conf", "server { listen 127.0.0.1:8001; }\n");
    const auto c = cfg::load((dir / "nginx.conf").string());
    ASSERT_EQ(c.servers.size(), 2u);
    EXPECT_EQ(c.servers[0].listens.at(0).port, 8001);
    EXPECT_EQ(c.servers[1].listens.at(0).port, 8002);

    write_file(dir / "sites/c.conf", "\nproxy_foo on;\n");
    try {
        cfg::load((dir / "nginx.conf").string());
        FAIL() << "loaded";
    } catch (const cfg::config_error& e) {
        EXPECT_EQ(std::string(e.what()), "unknown directive \"proxy_foo\" in " + dir.string() + "/sites/c.conf:2");
        EXPECT_EQ(e.where().line, 2);
        EXPECT_EQ(e.message(), "unknown directive \"proxy_foo\"");
    }

    EXPECT_EQ(load_error("events {}\nhttp {\n\n    include missing.conf;\n}\n"),
              "open() \"D/missing.conf\" failed (2: No such file or directory) in D/nginx.conf:4");
    EXPECT_EQ(load_error(in_http("include a b;")),
              "invalid number of arguments in \"include\" directive in D/nginx.conf:3");
}

// A stray '}' in an included file is an error of that file (ngx_conf_parse, parse_file).
TEST(ConfigLoader, RefusesAClosingBraceInAnIncludedFile) {
    const auto dir = scratch_dir("include-brace");
    write_file(dir / "nginx.conf", "events {}\nhttp {\n    include x.conf;\n}\n");
    write_file(dir / "x.conf", "}\n");
    EXPECT_THROW(cfg::load((dir / "nginx.conf").string()), cfg::config_error);
    try {
        cfg::load((dir / "nginx.conf").string());
    } catch (const cfg::config_error& e) {
        EXPECT_EQ(std::string(e.what()), "unexpected \"}\" in " + dir.string() + "/x.conf:1");
    }
}

// The reproducer of a crash: a file that includes itself.
TEST(ConfigInclude, FileIncludingItselfIsACycleNamedWithItsLine) {
    const auto dir = scratch_dir("include-self");
    write_file(dir / "nginx.conf", "events {}\n\ninclude nginx.conf;\nhttp {}\n");
    const auto file = (dir / "nginx.conf").string();
    EXPECT_EQ(error_of(dir / "nginx.conf"),
              "include cycle: " + file + ":3 includes \"" + file + "\" in " + file + ":3");
}

TEST(ConfigInclude, GlobMatchingTheMainFileIsACycle) {
    const auto dir = scratch_dir("include-star");
    write_file(dir / "nginx.conf", "events {}\nhttp {\n    include *;\n}\n");
    EXPECT_NE(error_of(dir / "nginx.conf").find("include cycle: "), std::string::npos);
}

TEST(ConfigInclude, CycleThroughAnotherFileNamesTheWholeChain) {
    const auto dir = scratch_dir("include-pair");
    write_file(dir / "nginx.conf", "events {}\nhttp {\n    include a.conf;\n}\n");
    write_file(dir / "a.conf", "\ninclude ./nginx.conf;\n");
    const auto d = dir.string();
    EXPECT_EQ(error_of(dir / "nginx.conf"), "include cycle: " + d + "/nginx.conf:3 includes " + d +
                                                "/a.conf:2 includes \"" + d + "/./nginx.conf\" in " + d +
                                                "/a.conf:2");
}

TEST(ConfigInclude, NestingBeyondTheDepthLimitIsRefused) {
    const auto dir = scratch_dir("include-deep");
    write_file(dir / "nginx.conf", "events {}\nhttp {\n    include 1.conf;\n}\n");
    for (std::size_t i = 1; i <= cfg::max_include_depth + 1; ++i)
        write_file(dir / (std::to_string(i) + ".conf"), "include " + std::to_string(i + 1) + ".conf;\n");
    const auto error = error_of(dir / "nginx.conf");
    EXPECT_NE(error.find("includes nested deeper than 64 files: "), std::string::npos) << error;
}

TEST(ConfigInclude, SameFileIncludedTwiceSideBySideIsNoCycle) {
    const auto dir = scratch_dir("include-twice");
    write_file(dir / "nginx.conf",
               "events {}\nhttp {\n    server { include common.conf; }\n    server { include common.conf; }\n}\n");
    write_file(dir / "common.conf", "listen 127.0.0.1:8001;\n");
    EXPECT_EQ(error_of(dir / "nginx.conf"), "loaded without error");
}
