// Child processes: started in their own group, always stopped, exec failures
// reported instead of silently running nothing.
#include "paths.hpp"
#include "wsgate/process.hpp"

#include <signal.h>
#include <sys/wait.h>

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

using namespace std::chrono_literals;
namespace proc = wsgate::proc;

TEST(ChildProcess, ReportsExitStatusInWords) {
    proc::child c({.argv = {"/bin/sh", "-c", "exit 3"}});
    auto status = c.wait_for(5s);
    ASSERT_TRUE(status.has_value());
    EXPECT_EQ(proc::describe_status(*status), "exited with 3");
}

TEST(ChildProcess, ThrowsWhenTheProgramCannotBeExecuted) {
    EXPECT_THROW(proc::child({.argv = {"/nonexistent/wsgate-binary"}}), std::system_error);
}

TEST(ChildProcess, StopEscalatesToSigkillWhenSigtermIsIgnored) {
    const auto dir = wsgate::testing::scratch_dir("stop");
    proc::child c({.argv = {"/bin/sh", "-c", "trap '' TERM; echo up; while :; do sleep 0.05; done"},
                   .stdout_path = (dir / "out").string()});
    ASSERT_TRUE(proc::wait_for_file((dir / "out").string(), 5s));
    const auto started = std::chrono::steady_clock::now();
    const int status = c.stop(300ms);
    EXPECT_TRUE(WIFSIGNALED(status));
    EXPECT_EQ(WTERMSIG(status), SIGKILL);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
    EXPECT_FALSE(c.running());
}

TEST(ChildProcess, SignalReachesGrandchildrenInTheGroup) {
    const auto dir = wsgate::testing::scratch_dir("group");
    const auto pid_file = dir / "grandchild.pid";
    proc::child c({.argv = {"/bin/sh", "-c", "sleep 30 & echo $! > " + pid_file.string() + "; wait"}});
    ASSERT_TRUE(proc::wait_for_file(pid_file.string(), 5s));
    pid_t grandchild = 0;
    std::ifstream(pid_file) >> grandchild;
    ASSERT_GT(grandchild, 0);
    c.stop(2s);
    bool gone = false;
    for (int i = 0; i < 100 && !gone; ++i) {
        gone = ::kill(grandchild, 0) != 0;
        if (!gone) std::this_thread::sleep_for(20ms);
    }
    EXPECT_TRUE(gone) << "grandchild " << grandchild << " outlived the group stop";
}

TEST(ChildProcess, DestructorStopsARunningChild) {
    pid_t pid = 0;
    {
        proc::child c({.argv = {"/bin/sleep", "30"}});
        pid = c.pid();
    }
    EXPECT_NE(::kill(pid, 0), 0);
}

TEST(ChildProcess, WritesStdoutAndStderrToOneFileWhenAskedTo) {
    const auto dir = wsgate::testing::scratch_dir("output");
    const auto log = (dir / "log").string();
    proc::child c({.argv = {"/bin/sh", "-c", "echo out; echo err >&2"}, .stdout_path = log, .stderr_path = log});
    ASSERT_TRUE(c.wait_for(5s).has_value());
    std::stringstream text;
    text << std::ifstream(log).rdbuf();
    EXPECT_EQ(text.str(), "out\nerr\n");
}

TEST(WaitForPort, GivesUpAfterTheTimeout) {
    const auto port = wsgate::testing::free_port();
    const auto started = std::chrono::steady_clock::now();
    EXPECT_FALSE(proc::wait_for_port("127.0.0.1", port, 200ms));
    EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
}

TEST(RunBounded, ReturnsTheStatusOfABodyThatEnds) {
    const auto ok = proc::run_bounded([] {}, 5s);
    ASSERT_TRUE(ok.has_value());
    EXPECT_EQ(proc::describe_status(*ok), "exited with 0");
    const auto threw = proc::run_bounded([] { throw std::runtime_error("x"); }, 5s);
    ASSERT_TRUE(threw.has_value());
    EXPECT_EQ(proc::describe_status(*threw), "exited with 1");
    const auto aborted = proc::run_bounded([] { std::abort(); }, 5s);
    ASSERT_TRUE(aborted.has_value());
    EXPECT_EQ(proc::describe_status(*aborted), "killed by SIGABRT");
}

TEST(RunBounded, KillsABodyThatNeverEndsAtTheLimit) {
    const auto started = std::chrono::steady_clock::now();
    const auto hung = proc::run_bounded(
        [] {
            for (;;) std::this_thread::sleep_for(1s);
        },
        200ms);
    EXPECT_FALSE(hung.has_value());
    EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
}
