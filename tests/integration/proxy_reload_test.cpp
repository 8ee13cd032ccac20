// wsgate-proxy's SIGHUP as nginx's: the configuration read again, new
// workers on the sockets the new one keeps, the old workers finishing their
// tunnels; a refused configuration leaves the running one.
#include "paths.hpp"
#include "raw_client.hpp"
#include "wsgate_command.hpp"
#include "topology/backends.hpp"

#include "wsgate/process.hpp"

#include <signal.h>
#include <sys/wait.h>

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <thread>

using namespace std::chrono_literals;
namespace fs = std::filesystem;
namespace proc = wsgate::proc;
using wsgate::testing::bin_dir;
using wsgate::testing::raw_client;
using wsgate::testing::read_file;
using wsgate::testing::scratch_dir;

namespace {

// How long a reload may take to show, and how many handovers the
// connection test makes.
constexpr auto reload_deadline = 5s;
constexpr int handovers = 5;
constexpr int requests_during_handovers = 300;

class ProxyReload : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = scratch_dir("proxy-reload");
        base_ = wsgate::testing::free_port_base();
        backends_ = std::make_unique<wsgate::topology::backend_pool>(bin_dir() / "wsgate-echo", dir_ / "backends");
        wsgate::topology::layout l;
        l.backends = {{"single", "127.0.0.1", backend_port()}};
        backends_->start(l);
        write_config("one", base_);
        process_.emplace(proc::spawn_options{
            .argv = {(bin_dir() / "wsgate-proxy").string(), "-c", (dir_ / "proxy.conf").string()},
            .stdout_path = (dir_ / "out").string(),
            .stderr_path = (dir_ / "out").string()});
        ASSERT_TRUE(proc::wait_for_port("127.0.0.1", base_, 10s)) << read_file(dir_ / "out");
    }

    std::uint16_t backend_port() const { return static_cast<std::uint16_t>(base_ + 2); }

    // A config whose /version answers version, listening on port.
    void write_config(const std::string& version, std::uint16_t port, const std::string& extra = "") {
        std::ofstream(dir_ / "proxy.conf")
            << "worker_processes 2;\ndaemon off;\npid " << (dir_ / "proxy.pid").string() << ";\nerror_log "
            << (dir_ / "error.log").string() << " info;\nevents {}\nhttp {\n    access_log off;\n    server {\n"
            << "        listen 127.0.0.1:" << port << ";\n        location = /version { return 200 \"" << version
            << "\"; }\n        location /ws/ {\n            proxy_pass http://127.0.0.1:" << backend_port()
            << ";\n            proxy_http_version 1.1;\n            proxy_set_header Upgrade $http_upgrade;\n"
            << "            proxy_set_header Connection \"upgrade\";\n        }\n" << extra << "    }\n}\n";
    }

    static std::string version_at(std::uint16_t port) {
        raw_client c(port);
        c.write("GET /version HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        return c.read_response().body();
    }

    // Polls /version until it answers wanted or the deadline passes.
    static bool answers_within(std::uint16_t port, const std::string& wanted) {
        const auto until = std::chrono::steady_clock::now() + reload_deadline;
        while (std::chrono::steady_clock::now() < until) {
            try {
                if (version_at(port) == wanted) return true;
            } catch (const std::exception&) {
            }
            std::this_thread::sleep_for(50ms);
        }
        return false;
    }

    bool logged_within(const std::string& text) const {
        return wsgate::testing::file_holds(dir_ / "error.log", text, 1, reload_deadline);
    }

    void TearDown() override {
        if (process_ && process_->running()) {
            process_->signal(SIGTERM);
            EXPECT_TRUE(process_->wait_for(5s).has_value());
        }
    }

    fs::path dir_;
    std::uint16_t base_ = 0;
    std::unique_ptr<wsgate::topology::backend_pool> backends_;
    std::optional<proc::child> process_;
};

}  // namespace

TEST_F(ProxyReload, SighupServesTheNewConfigWhileOldTunnelsFinish) {
    raw_client tunnel(base_);
    ASSERT_EQ(tunnel.handshake("/ws/").result_int(), 101);
    ASSERT_EQ(version_at(base_), "one");

    write_config("two", base_);
    process_->signal(SIGHUP);
    EXPECT_TRUE(answers_within(base_, "two")) << read_file(dir_ / "error.log");
    tunnel.send_text("still the old worker");
    EXPECT_EQ(tunnel.read_text(), "still the old worker") << "a tunnel of the old configuration lives on";
    const auto log = read_file(dir_ / "error.log");
    EXPECT_NE(log.find("signal 1 (SIGHUP) received, reconfiguring"), std::string::npos) << log;
    EXPECT_NE(log.find("gracefully shutting down the worker threads of the old configuration"), std::string::npos)
        << log;
    EXPECT_EQ(log.find("previous configuration exited"), std::string::npos) << "not while its tunnel is open";

    tunnel.send(wsgate::testing::client_frame(wsgate::ws::op::close), std::string("\x03\xe8", 2));
    EXPECT_TRUE(logged_within("the worker threads of the previous configuration exited"))
        << read_file(dir_ / "error.log");
}

TEST_F(ProxyReload, ARefusedConfigIsLoggedAndTheRunningOneStays) {
    write_config("two", base_, "        limit_rate 1k;\n");
    process_->signal(SIGHUP);
    EXPECT_TRUE(logged_within("[emerg]")) << read_file(dir_ / "error.log");
    const auto log = read_file(dir_ / "error.log");
    EXPECT_NE(log.find("\"limit_rate\" directive is not supported by wsgate-proxy in " +
                       (dir_ / "proxy.conf").string() + ":17"),
              std::string::npos)
        << log;
    EXPECT_EQ(version_at(base_), "one");
    EXPECT_TRUE(process_->running());
}

// The new workers accept on the very sockets of the old ones, so nothing
// queued between them is lost, however often the configuration changes.
TEST_F(ProxyReload, NoConnectionIsLostAcrossHandovers) {
    std::atomic<int> answered{0}, failed{0};
    std::thread clients([&] {
        for (int i = 0; i < requests_during_handovers; ++i) {
            try {
                const auto v = version_at(base_);
                ++(v == "one" || v == "two" ? answered : failed);
            } catch (const std::exception&) {
                ++failed;
            }
        }
    });
    for (int i = 0; i < handovers; ++i) {
        write_config(i % 2 ? "one" : "two", base_);
        process_->signal(SIGHUP);
        std::this_thread::sleep_for(100ms);
    }
    clients.join();
    EXPECT_EQ(failed.load(), 0);
    EXPECT_EQ(answered.load(), requests_during_handovers);
}

// A listen address the new configuration drops is closed with the old
// workers; one it adds is bound.
TEST_F(ProxyReload, ANewListenAddressIsBoundAndADroppedOneClosed) {
    const auto moved = static_cast<std::uint16_t>(base_ + 1);
    write_config("moved", moved);
    process_->signal(SIGHUP);
    EXPECT_TRUE(answers_within(moved, "moved")) << read_file(dir_ / "error.log");
    EXPECT_TRUE(logged_within("the worker threads of the previous configuration exited"));
    EXPECT_FALSE(proc::wait_for_port("127.0.0.1", base_, 200ms)) << "the old address is no longer served";
}
