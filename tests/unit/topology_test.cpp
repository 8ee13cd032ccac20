// Configs rendered for a run, and the layout of the seed topology.
#include "topology/config_template.hpp"
#include "topology/layout.hpp"
#include "topology/target.hpp"

#include <gtest/gtest.h>

using namespace wsgate::topology;

TEST(ConfigTemplate, FillsEveryPlaceholder) {
    EXPECT_EQ(render("listen {{A}}; x {{B}}{{A}}", {{"A", "1"}, {"B", "2"}}, "f"), "listen 1; x 21");
}

TEST(ConfigTemplate, UnknownPlaceholderNamesFileLineAndTheKnownNames) {
    try {
        render("a\nb {{NOPE}}\n", {{"A", "1"}}, "my.conf");
        FAIL() << "no error";
    } catch (const template_error& e) {
        EXPECT_STREQ(e.what(), "my.conf:2: unknown placeholder {{NOPE}} (known: A)");
    }
}

TEST(ConfigTemplate, UnterminatedPlaceholderIsAnError) {
    EXPECT_THROW(render("a {{A\n}}", {{"A", "1"}}, "f"), template_error);
}

TEST(ConfigTemplate, SeedTemplateUsesOnlyKnownPlaceholders) {
    const std::map<std::string, std::string> values = {
        {"PREFIX", "/p"}, {"WS_PORT", "1"}, {"WSS_PORT", "2"}, {"SINGLE", "s"}, {"B1", "x"},
        {"B2", "y"},      {"B3", "z"},      {"CERT", "c"},     {"KEY", "k"},    {"CA", "a"}};
    const auto text = render(seed_template(config_dialect::nginx), values, "seed");
    EXPECT_NE(text.find("listen 127.0.0.1:1;"), std::string::npos);
    EXPECT_NE(text.find("listen 127.0.0.1:2 ssl;"), std::string::npos);
    EXPECT_EQ(text.find("{{"), std::string::npos);
}

TEST(Layout, SeedDefaultsMatchTheDesign) {
    const auto l = layout::seed();
    EXPECT_EQ(l.ws_port, 8080);
    EXPECT_EQ(l.wss_port, 8443);
    ASSERT_NE(l.find("single"), nullptr);
    EXPECT_EQ(l.find("single")->address(), "127.0.0.1:8282");
    EXPECT_EQ(l.find("b3")->address(), "127.0.0.12:8010");
}

TEST(Layout, PortBaseMovesEveryPort) {
    const auto l = layout::seed(20000);
    EXPECT_EQ(l.ws_port, 20000);
    EXPECT_EQ(l.wss_port, 20001);
    EXPECT_EQ(l.find("single")->port, 20002);
    EXPECT_EQ(l.find("b1")->port, 20003);
}

TEST(Targets, UnknownKindIsRefusedWithTheAcceptedOnes) {
    try {
        make_target("apache");
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("builtin, nginx, haproxy, caddy, direct or url="), std::string::npos);
    }
}

TEST(Targets, UrlTargetRefusesNonLoopbackHosts) {
    EXPECT_THROW(make_target("url=ws://example.org:8010/"), std::invalid_argument);
    auto t = make_target("url=wss://127.0.0.1:9443/wss");
    EXPECT_EQ(t->endpoint().wss_port, 9443);
    EXPECT_EQ(t->endpoint().path_prefix, "/wss");
    EXPECT_FALSE(t->has_backends());
}
