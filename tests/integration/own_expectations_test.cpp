// A user's expectations beside their config (wsgate.yaml): endpoints left
// out and added, names, and scenario files of their own that connect to a
// named endpoint; a mistake in them is exit 2 naming the file.
#include "leftovers.hpp"
#include "paths.hpp"
#include "wsgate_command.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace fs = std::filesystem;
using wsgate::testing::read_file;
using wsgate::testing::run_wsgate;
using wsgate::testing::scratch_dir;

namespace {

constexpr const char* expectations = R"(endpoints:
  skip: ["ws://www.example.com*"]
  add:
    - {name: live-room, url: "ws://live.example.com:8080/rooms/42"}
  names:
    live: "ws://live.example.com:8080/"
scenarios: [checks/live.yaml]
)";

constexpr const char* own_case = R"(id: live/echo-in-a-room
title: A room of the live service echoes through the upgrade route
requirement: "our service: rooms are WebSockets on live_ws"
steps:
  - connect: {url: "{{endpoint:live-room}}"}
  - expect_handshake: {status: 101}
  - send: {text: hello room}
  - expect: {text: hello room, within: 1s}
  - backend_saw: {target: /rooms/42, backend: [live_ws/live-a.internal:9001, live_ws/live-b.internal:9001]}
)";

fs::path config_with_expectations(const fs::path& dir, const std::string& case_text) {
    fs::create_directories(dir / "etc/checks");
    fs::copy_file(wsgate::testing::source_dir() / "tests/configs/haproxy/acl-routing/haproxy.cfg", dir / "etc/haproxy.cfg");
    std::ofstream(dir / "etc/wsgate.yaml") << expectations;
    std::ofstream(dir / "etc/checks/live.yaml") << case_text;
    return dir / "etc/haproxy.cfg";
}

}  // namespace

TEST(OwnExpectations, SkipAddAndOwnCasesNamingAnEndpointApply) {
    const auto dir = scratch_dir("expect-gate");
    const auto config = config_with_expectations(dir, own_case);
    const auto r = run_wsgate({"run", "--target", "haproxy", "--config", config.string(), "--port-base",
                               std::to_string(wsgate::testing::free_port_base()), "--report-dir",
                               (dir / "reports").string()},
                              dir);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("expectations: " + (dir / "etc/wsgate.yaml").string()), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("@ws://www.example.com"), std::string::npos) << "skipped: " << r.output;
    EXPECT_NE(r.output.find("✔ framing/binary-1mib@ws://live.example.com:8080/rooms/42"), std::string::npos)
        << "the added endpoint gets the endpoint cases\n" << r.output;
    EXPECT_NE(r.output.find("✔ live/echo-in-a-room"), std::string::npos) << r.output;
}

TEST(OwnExpectations, ACaseNamingAnUnknownEndpointIsExit2NamingTheFile) {
    const auto dir = scratch_dir("expect-unknown");
    std::string broken = own_case;
    broken.replace(broken.find("live-room}}"), 9, "nosuch");
    const auto config = config_with_expectations(dir, broken);
    const auto r = run_wsgate({"run", "--target", "haproxy", "--config", config.string(), "--port-base",
                               std::to_string(wsgate::testing::free_port_base()), "--report-dir",
                               (dir / "reports").string()},
                              dir);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("names endpoint \"nosuch\""), std::string::npos) << r.output;
    EXPECT_NE(read_file(dir / "reports/junit.xml").find("wsgate/scenario-error"), std::string::npos);
    EXPECT_TRUE(wsgate::testing::processes_mentioning(dir).empty()) << wsgate::testing::processes_mentioning(dir).front();
}
