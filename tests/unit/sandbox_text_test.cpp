// The pieces a sandbox rewrite is made of: edits that keep every line where
// the user wrote it, words the nginx tokenizer reads back as they were
// meant, and the socket and upstream address forms of ngx_parse_url.
#include "sandbox/nginx_address.hpp"
#include "sandbox/text_edits.hpp"

#include <gtest/gtest.h>

using namespace wsgate::sandbox;

TEST(SandboxEdits, ReplacedTextKeepsItsNewlinesSoLinesStayPut) {
    const std::string text = "daemon\n  on\n;\nevents {}\n";
    EXPECT_EQ(apply_edits(text, {{0, 11, "daemon off"}}), "daemon off\n\n;\nevents {}\n");
}

TEST(SandboxEdits, EditsApplyInAnyOrderAndInsertionsKeepTheirOrder) {
    const std::string text = "listen 80;\nuser nobody;\n";
    const auto out = apply_edits(text, {{16, 22, ""}, {7, 9, "127.0.0.1:8080"}, {10, 10, " a;"}, {10, 10, " b;"}});
    EXPECT_EQ(out, "listen 127.0.0.1:8080; a; b;\nuser ;\n");
}

TEST(SandboxEdits, OverlappingEditsAreRefused) {
    EXPECT_THROW(apply_edits("abcdef", {{0, 3, "x"}, {2, 4, "y"}}), std::invalid_argument);
    EXPECT_THROW(apply_edits("abc", {{2, 9, "x"}}), std::invalid_argument);
}

TEST(SandboxEdits, WordsThatTheTokenizerWouldSplitAreQuoted) {
    EXPECT_EQ(config_word("/run/wsgate/nginx.pid"), "/run/wsgate/nginx.pid");
    EXPECT_EQ(config_word("/tmp/my run/x.log"), "\"/tmp/my run/x.log\"");
    EXPECT_EQ(config_word("a\"b;"), "\"a\\\"b;\"");
    EXPECT_EQ(config_word(""), "\"\"");
}

TEST(NginxAddress, EachListenSocketHasOneSpelling) {
    EXPECT_EQ(listen_socket("80"), "*:80");
    EXPECT_EQ(listen_socket("*:80"), "*:80");
    EXPECT_EQ(listen_socket("0.0.0.0:80"), "*:80");
    EXPECT_EQ(listen_socket("[::]:443"), "[::]:443");
    EXPECT_EQ(listen_socket("[::1]"), "[::1]:80");
    EXPECT_EQ(listen_socket("10.0.0.1"), "10.0.0.1:80");
    EXPECT_EQ(listen_socket("example.com:8443"), "example.com:8443");
    EXPECT_EQ(listen_socket("unix:/run/app.sock"), "unix:/run/app.sock");
}

TEST(NginxAddress, UpstreamServersWithoutPortAreOnPort80) {
    EXPECT_EQ(upstream_address("10.20.0.11"), "10.20.0.11:80");
    EXPECT_EQ(upstream_address("10.20.0.11:3000"), "10.20.0.11:3000");
    EXPECT_EQ(upstream_address("[fd00::5]"), "[fd00::5]:80");
    EXPECT_EQ(upstream_address("unix:/run/app.sock"), "unix:/run/app.sock");
}

TEST(NginxAddress, PassTargetsSplitIntoSchemeHostAndUri) {
    auto t = split_pass_target("http://10.0.0.5:8080/api/");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->scheme, "http://");
    EXPECT_EQ(t->host, "10.0.0.5:8080");
    EXPECT_EQ(t->rest, "/api/");
    t = split_pass_target("https://backend.internal");
    ASSERT_TRUE(t);
    EXPECT_EQ(with_default_port(*t), "backend.internal:443");
    t = split_pass_target("http://unix:/run/app.sock:/socket/");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->host, "unix:/run/app.sock");
    EXPECT_EQ(t->rest, ":/socket/");
    t = split_pass_target("10.0.0.9:9000");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->scheme, "");
    EXPECT_EQ(with_default_port(*t), "10.0.0.9:9000");
    EXPECT_FALSE(split_pass_target("http://"));
}
