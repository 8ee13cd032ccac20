// The path discovery tests a regular-expression route with: one that the
// expression matches, as PCRE2 (nginx's library) confirms for each.
#include "inspect/sample_path.hpp"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <gtest/gtest.h>

#include <memory>

namespace {

bool pcre2_matches(const std::string& re, const std::string& subject) {
    int error = 0;
    PCRE2_SIZE offset = 0;
    const std::unique_ptr<pcre2_code, decltype(&pcre2_code_free)> code(
        pcre2_compile(reinterpret_cast<PCRE2_SPTR>(re.data()), re.size(), 0, &error, &offset, nullptr), &pcre2_code_free);
    if (!code) return false;
    const std::unique_ptr<pcre2_match_data, decltype(&pcre2_match_data_free)> data(
        pcre2_match_data_create_from_pattern(code.get(), nullptr), &pcre2_match_data_free);
    return pcre2_match(code.get(), reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), 0, 0, data.get(),
                       nullptr) >= 0;
}

}  // namespace

TEST(SamplePath, BuildsAPathTheExpressionMatches) {
    const std::pair<const char*, const char*> cases[] = {
        {R"(^/socket\.io/)", "/socket.io/"},
        {R"(^/live/(\d+)$)", "/live/0"},
        {R"(\.(css|js|png)$)", "/x.css"},
        {R"(^/(ws|socket)/v[0-9]+/)", "/ws/v0/"},
        {R"(^/api/(?:v1|v2)/stream)", "/api/v1/stream"},
        {R"(^/rooms/[^/]+/live$)", "/rooms/x/live"},
        {R"(^/a?b*c+d{2,3}$)", "/cdd"},
        {R"(/ws/)", "/ws/"},
        {R"(^/(?<room>\w+)/socket$)", "/a/socket"},
        {R"(^/cable$)", "/cable"},
    };
    for (const auto& [re, expected] : cases) {
        const auto path = wsgate::inspect::sample_path(re);
        EXPECT_EQ(path, expected) << re;
        EXPECT_TRUE(pcre2_matches(re, path)) << re << " does not match " << path;
    }
}
