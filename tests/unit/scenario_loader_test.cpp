// Scenario files: what they become, and every mistake named with file,
// line, case and step before anything runs.
#include "paths.hpp"
#include "scenario/loader.hpp"
#include "scenario/selection.hpp"
#include "scenario/yaml_documents.hpp"

#include <gtest/gtest.h>

#include <fstream>

using namespace wsgate;
namespace fs = std::filesystem;

namespace {

fs::path write_case(const std::string& name, const std::string& text) {
    const auto dir = wsgate::testing::scratch_dir("scenario-" + name);
    std::ofstream(dir / (name + ".yaml")) << text;
    return dir / (name + ".yaml");
}

std::string error_of(const std::string& text) {
    const auto file = write_case("bad", text);
    try {
        scenario::load_file(file, "g");
    } catch (const scenario::scenario_error& e) {
        const std::string what = e.what();
        return what.substr(what.find("bad.yaml"));
    }
    return "no error";
}

const std::string head = "id: g/one\ntitle: t\nrequirement: r\nsteps:\n";

}  // namespace

TEST(ScenarioLoader, ReadsACaseWithEveryStepKind) {
    const auto file = write_case("all", head + R"(  - connect: {url: "wss://api.example.com/wss", as: c1, headers: {Origin: x, Upgrade: null}, tls: {min_version: TLSv1.2}}
  - expect_handshake: {as: c1, status: 101, headers: {Upgrade: websocket}, absent: [Content-Length], matches: {Connection: "(?i)upgrade"}}
  - send: {as: c1, text: hi, write_size: 1}
  - expect: {as: c1, text: hi, within: 500ms}
  - send: {as: c1, frames: [{opcode: text, fin: false, payload: "a"}, {opcode: continuation, payload: "hex:62"}]}
  - expect: {as: c1, echo: true, fragments: 2}
  - backend_saw: {as: c1, backend: single, headers: {Host: "{{SINGLE}}"}, header_case: [Origin], frames: ["text fin"]}
  - backend: {as: c1, control: "wsgate:close 4000 bye"}
  - expect: {as: c1, close: {code: 4000, reason: bye}}
  - connect_many: {url: "ws://api.example.com/", count: 6, sequential: true}
  - expect_distribution: {counts: {b1: 2, b2: 2, b3: 2}, order: [b1, b2, b3]}
  - backend: {kill: b2}
  - sleep: 1.5s
  - repeat: {count: 3, steps: [{send: {ping: p}}, {expect: {pong: p}}]}
)");
    auto cases = scenario::load_file(file, "g");
    ASSERT_EQ(cases.size(), 1u);
    const auto& c = cases[0];
    EXPECT_EQ(c.id, "g/one");
    EXPECT_EQ(c.steps.size(), 14u);
    EXPECT_EQ(c.steps[0].line, 5);
    const auto& connect = std::get<engine::connect_step>(c.steps[0].body);
    EXPECT_EQ(connect.as, "c1");
    ASSERT_EQ(connect.headers.size(), 2u);
    EXPECT_FALSE(connect.headers[1].second.has_value()) << "null removes a default header";
    EXPECT_EQ(connect.tls->min_version, "TLSv1.2");
    const auto& frames = std::get<engine::send_step>(c.steps[4].body);
    EXPECT_EQ(frames.frames[1].payload, "b");
    EXPECT_EQ(std::get<engine::sleep_step>(c.steps[12].body).duration, std::chrono::milliseconds(1500));
    EXPECT_EQ(std::get<engine::repeat_step>(c.steps[13].body).steps.size(), 2u);
}

TEST(ScenarioLoader, LoadBurstPlainTcpToTlsPortAndGeneratedBytes) {
    const auto file = write_case("more", head + R"(  - connect: {url: "ws://api.example.com/", listener: wss, headers: {X-Big: "repeat:3:ab"}}
  - expect_distribution: {includes: [b2], never: [b1]}
  - load: {url: "wss://api.example.com/wss", connections: 200, messages: 50, size: 128, within: 20s}
)");
    const auto cases = scenario::load_file(file, "g");
    ASSERT_EQ(cases.size(), 1u);
    const auto& connect = std::get<engine::connect_step>(cases[0].steps[0].body);
    EXPECT_EQ(connect.tls_listener, std::optional<bool>(true));
    EXPECT_EQ(connect.headers[0].second, std::optional<std::string>("ababab"));
    EXPECT_EQ(std::get<engine::expect_distribution_step>(cases[0].steps[1].body).includes,
              std::vector<std::string>{"b2"});
    const auto& load = std::get<engine::load_step>(cases[0].steps[2].body);
    EXPECT_EQ(load.connections, 200u);
    EXPECT_EQ(load.messages, 50u);
    EXPECT_EQ(load.size, 128u);
    EXPECT_EQ(load.within, std::chrono::seconds(20));
}

TEST(ScenarioErrors, LoadListenerAndRepeatMistakes) {
    EXPECT_NE(error_of(head + "  - load: {url: \"ws://a/\", connections: 0}\n").find("step 1 (load): connections must be between 1 and 5000"),
              std::string::npos);
    EXPECT_NE(error_of(head + "  - load: {url: \"ws://a/\", rate: 5}\n").find("step 1 (load): unknown key \"rate\""),
              std::string::npos);
    EXPECT_NE(error_of(head + "  - connect: {url: \"ws://a/\", listener: tls}\n").find("listener must be ws or wss"),
              std::string::npos);
    EXPECT_NE(error_of(head + "  - send: {raw: \"repeat:lots:a\"}\n").find("repeat: needs a count and text"),
              std::string::npos);
}

TEST(ScenarioLoader, SeveralDocumentsAreSeveralCases) {
    const auto file = write_case("two", head + "  - sleep: 1ms\n---\nid: g/two\ntitle: t\nrequirement: r\nsteps:\n  - sleep: 1ms\n");
    EXPECT_EQ(scenario::load_file(file, "g").size(), 2u);
}

TEST(ScenarioErrors, UnknownKeyNamesFileLineCaseStepAndTheKnownKeys) {
    EXPECT_EQ(error_of(head + "  - sleep: 1ms\n  - expect: {text: hi, withn: 1s}\n").substr(0, 72),
              "bad.yaml:6: case g/one, step 2 (expect): unknown key \"withn\" (known: as,");
}

TEST(ScenarioErrors, UnknownStepKind) {
    EXPECT_NE(error_of(head + "  - sned: {text: hi}\n").find("bad.yaml:5: case g/one, step 1 (sned): unknown step \"sned\""),
              std::string::npos);
}

TEST(ScenarioErrors, MissingRequiredCaseField) {
    EXPECT_EQ(error_of("id: g/x\ntitle: t\nsteps:\n  - sleep: 1ms\n"), "bad.yaml:1: case g/x: missing \"requirement\"");
}

TEST(ScenarioErrors, StepNeedsExactlyOneKind) {
    EXPECT_NE(error_of(head + "  - send: {text: a, binary: b}\n").find("step 1 (send): send needs exactly one of"),
              std::string::npos);
}

TEST(ScenarioErrors, BadDurationNumberAndUrl) {
    EXPECT_NE(error_of(head + "  - sleep: soon\n").find("step 1 (sleep): sleep: not a duration"), std::string::npos);
    EXPECT_NE(error_of(head + "  - connect_many: {url: \"ws://a/\", count: lots}\n").find("count must be a whole number"),
              std::string::npos);
    EXPECT_NE(error_of(head + "  - connect: {url: \"http://a/\"}\n").find("url must start with ws:// or wss://"),
              std::string::npos);
}

TEST(ScenarioErrors, BadLevelAndTlsVersion) {
    EXPECT_NE(error_of("id: g/x\ntitle: t\nrequirement: r\nlevel: maybe\nsteps:\n  - sleep: 1ms\n")
                  .find("bad.yaml:4: case g/x: level must be required, recommended or informational"),
              std::string::npos);
    EXPECT_NE(error_of(head + "  - connect: {url: \"wss://a/\", tls: {max_version: SSLv3}}\n").find("max_version must be"),
              std::string::npos);
}

TEST(ScenarioErrors, YamlSyntaxErrorNamesTheLine) {
    EXPECT_EQ(error_of(head + "  - send: {text: [unclosed\n").substr(0, 23), "bad.yaml:6: YAML syntax");
}

TEST(ScenarioErrors, FileOverTheSizeLimitIsRefusedUnread) {
    const auto error = error_of(head + "  - sleep: 1ms\n#" + std::string(scenario::max_scenario_file_bytes, 'x') + "\n");
    EXPECT_NE(error.find("a scenario file may have"), std::string::npos) << error;
}

TEST(ScenarioErrors, ErrorInsideRepeatNamesTheOuterStep) {
    EXPECT_NE(error_of(head + "  - sleep: 1ms\n  - repeat: {count: 2, steps: [{send: {txt: a}}]}\n")
                  .find("case g/one, step 2 (repeat): unknown key \"txt\""),
              std::string::npos);
}

TEST(ScenarioSelection, GlobsMatchAcrossSlashes) {
    EXPECT_TRUE(scenario::glob_match("handshake/*", "handshake/accept-key"));
    EXPECT_TRUE(scenario::glob_match("*/accept-*", "handshake/accept-key"));
    EXPECT_TRUE(scenario::glob_match("seed/ws-ech?", "seed/ws-echo"));
    EXPECT_FALSE(scenario::glob_match("tls/*", "handshake/accept-key"));
    EXPECT_FALSE(scenario::glob_match("seed/ws", "seed/ws-echo"));
}

TEST(ScenarioSelection, TagsFilterTheSelection) {
    const auto dir = wsgate::testing::scratch_dir("tags");
    std::ofstream(dir / "a.yaml") << "id: a/x\ntitle: t\nrequirement: r\ntags: [slow]\nsteps:\n  - sleep: 1ms\n";
    std::ofstream(dir / "b.yaml") << "id: b/y\ntitle: t\nrequirement: r\nsteps:\n  - sleep: 1ms\n";
    EXPECT_EQ(scenario::select_cases(dir, {}, {}).size(), 2u);
    const auto slow = scenario::select_cases(dir, {}, {"slow"});
    ASSERT_EQ(slow.size(), 1u);
    EXPECT_EQ(slow[0].id, "a/x");
    EXPECT_EQ(scenario::select_cases(dir, {"b/*"}, {}).size(), 1u);
    EXPECT_THROW(scenario::select_cases(dir, {"c/*"}, {}), scenario::scenario_error);
}

// send and expect share one close parser: a list is refused in both, where
// expect once took close: [1000] silently as "any close".
TEST(ScenarioErrors, CloseTakesTheSameShapesInSendAndExpect) {
    for (const char* kind : {"send", "expect"}) {
        const auto error = error_of(head + "  - " + kind + ": {close: [1000]}\n");
        EXPECT_NE(error.find(std::string("step 1 (") + kind + "): close is a code, {code, reason} or empty"),
                  std::string::npos)
            << error;
        EXPECT_NE(error_of(head + "  - " + kind + ": {close: {code: 1000, why: x}}\n").find("unknown key \"why\""),
                  std::string::npos);
    }
}

TEST(ScenarioErrors, AStepInsideRepeatIsNamedByItsTopLevelStep) {
    const auto error = error_of(head + "  - sleep: 1ms\n  - repeat: {count: 2, steps: [{sleep: 1ms}, {bogus: 1}]}\n");
    EXPECT_NE(error.find("case g/one, step 2 (repeat): unknown step \"bogus\""), std::string::npos) << error;
}
