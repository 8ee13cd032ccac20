// A user's expectations file (wsgate.yaml): what it may say, and every
// mistake named with its file and line.
#include "paths.hpp"
#include "scenario/expectations.hpp"
#include "scenario/loader.hpp"

#include <gtest/gtest.h>

#include <fstream>

using namespace wsgate::scenario;

namespace {

std::filesystem::path write(const std::string& name, const std::string& text) {
    const auto dir = wsgate::testing::scratch_dir(name);
    std::ofstream(dir / "wsgate.yaml") << text;
    return dir / "wsgate.yaml";
}

std::string problem_of(const std::string& name, const std::string& text) {
    try {
        load_expectations(write(name, text));
    } catch (const scenario_error& e) {
        return e.what();
    }
    return "(accepted)";
}

}  // namespace

TEST(Expectations, ReadSkipsAddsNamesAndScenarioFiles) {
    const auto file = write("expect-ok", "endpoints:\n  skip: [\"ws://a.example/*\"]\n  add:\n"
                                         "    - {name: room, url: \"wss://a.example/rooms/1\"}\n"
                                         "  names: {chat: \"wss://a.example/chat\"}\nscenarios: [checks/x.yaml]\n");
    const auto e = load_expectations(file);
    EXPECT_EQ(e.skip, std::vector<std::string>{"ws://a.example/*"});
    ASSERT_EQ(e.add.size(), 1u);
    EXPECT_EQ(e.add[0].line, 4);
    EXPECT_EQ(e.names.at("room"), "wss://a.example/rooms/1") << "an added endpoint's name is a name";
    EXPECT_EQ(e.names.at("chat"), "wss://a.example/chat");
    ASSERT_EQ(e.scenarios.size(), 1u);
    EXPECT_EQ(e.scenarios[0], file.parent_path() / "checks/x.yaml") << "relative to the expectations file";
}

TEST(Expectations, EveryMistakeNamesTheFileAndLine) {
    EXPECT_NE(problem_of("expect-key", "endpoints:\n  skp: [x]\n").find("wsgate.yaml:2: unknown key \"skp\""),
              std::string::npos);
    EXPECT_NE(problem_of("expect-url", "endpoints:\n  add:\n    - {url: \"http://a/\"}\n").find("wsgate.yaml:3"),
              std::string::npos);
    EXPECT_NE(problem_of("expect-top", "- a\n- b\n").find("is a map"), std::string::npos);
    EXPECT_NE(problem_of("expect-yaml", "endpoints: [\n").find("wsgate.yaml"), std::string::npos);
}
