// The same seed config under Debian's nginx 1.22 and under wsgate-proxy, in
// front of the same backends: what the backends receive (request line,
// headers in order and case) and what clients get back must not differ.
#include "engine/case_state.hpp"
#include "engine/run_steps.hpp"
#include "engine/wire.hpp"
#include "paths.hpp"
#include "topology/backends.hpp"
#include "topology/target.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

using namespace wsgate;
using namespace std::chrono_literals;

namespace {

struct proxy_under_test {
    std::unique_ptr<topology::target> target;
    engine::environment env;
};

class ProxyDifferential : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        base_ = wsgate::testing::free_port_base();
        layout_ = topology::layout::seed(base_);
        const auto dir = wsgate::testing::scratch_dir("differential");
        backends_ = std::make_unique<topology::backend_pool>(wsgate::testing::bin_dir() / "wsgate-echo", dir / "backends");
        backends_->start(layout_);
        std::uint16_t ws_port = static_cast<std::uint16_t>(base_ + 10);
        for (const char* name : {"nginx", "builtin"}) {
            auto& p = proxies_[name];
            p.target = topology::make_target(name);
            topology::target_context ctx;
            ctx.where = layout_;
            ctx.where.ws_port = ws_port;
            ctx.where.wss_port = static_cast<std::uint16_t>(ws_port + 1);
            ws_port = static_cast<std::uint16_t>(ws_port + 2);
            ctx.run_dir = dir / name;
            ctx.bin_dir = wsgate::testing::bin_dir();
            ctx.pki_dir = wsgate::testing::pki_dir();
            p.target->start(ctx);
            p.env = {p.target->endpoint(), backends_.get(), ctx.pki_dir, {}, {}};
        }
    }
    static void TearDownTestSuite() {
        for (auto& [name, p] : proxies_) p.target->stop();
        proxies_.clear();
        backends_.reset();
    }

    // Runs the steps against one proxy and returns what the backend saw
    // (wsgate:request), or the client's answer when there was no upgrade.
    static std::string observe(const std::string& proxy, const std::vector<engine::step>& steps) {
        engine::case_state s(proxies_.at(proxy).env);
        harness::report::case_result r;
        engine::run_steps(s, r, steps);
        auto& c = s.get("main");
        if (c.current() != client::connection::state::open) {
            const auto& resp = c.responses().front();
            std::string text = "HTTP " + std::to_string(resp.status);
            for (const auto& [n, v] : resp.headers)
                if (n == "Location") text += " Location: " + v.substr(v.find('/', 8));
            if (resp.status == 200) {
                auto body = boost::json::parse(resp.body);
                body.as_object().erase("remote_port");
                text += " " + boost::json::serialize(body);
            }
            return normalise(text, proxy);
        }
        auto json = engine::ask_backend(s, "main", "wsgate:request", 2s);
        auto& o = json.as_object();
        o.erase("remote_port");
        auto& headers = o.at("headers").as_array();
        for (auto& h : headers)
            if (h.as_array()[0].as_string() == "Sec-WebSocket-Key") h.as_array()[1] = "(random)";
        return normalise(boost::json::serialize(json), proxy);
    }

    // The proxies listen on different ports; Host and Location carry them.
    static std::string normalise(std::string text, const std::string& proxy) {
        const auto& ep = proxies_.at(proxy).env.proxy;
        for (auto [port, name] : {std::pair{ep.ws_port, "WS_PORT"}, std::pair{ep.wss_port, "WSS_PORT"}}) {
            const auto token = std::to_string(port);
            for (auto at = text.find(token); at != std::string::npos; at = text.find(token, at))
                text.replace(at, token.size(), name);
        }
        return text;
    }

    static engine::step connect(std::string url,
                                std::vector<std::pair<std::string, std::optional<std::string>>> headers = {},
                                std::string method = "GET") {
        engine::connect_step c;
        c.url = std::move(url);
        c.headers = std::move(headers);
        c.method = std::move(method);
        return {c, "connect", 0};
    }

    static void expect_same(const std::vector<engine::step>& steps) {
        const auto nginx = observe("nginx", steps);
        const auto builtin = observe("builtin", steps);
        EXPECT_EQ(builtin, nginx);
    }

    static inline std::uint16_t base_ = 0;
    static inline topology::layout layout_;
    static inline std::unique_ptr<topology::backend_pool> backends_;
    static inline std::map<std::string, proxy_under_test> proxies_;
};

}  // namespace

TEST_F(ProxyDifferential, UpgradeThroughWsLocationForwardsClientHeadersInOrderAndCase) {
    expect_same({connect("ws://api.example.com/ws/?a=1&b=2",
                         {{"Origin", "http://app.example.com"}, {"X-Real-IP", "6.6.6.6"}, {"cookie", "a=1"},
                          {"Cookie", "b=2"}, {"x-mixed-CASE", "v"}, {"Keep-Alive", "300"}, {"TE", "trailers"}})});
}

TEST_F(ProxyDifferential, UpgradeThroughUpstreamGroupUsesTheMappedConnectionHeader) {
    expect_same({connect("ws://api.example.com/chat?room=1", {{"User-Agent", "wsgate"}})});
}

TEST_F(ProxyDifferential, WssLocationSetsRealIpAndProxyHost) {
    expect_same({connect("wss://api.example.com/wss", {{"X-Real-IP", "6.6.6.6"}, {"X-Forwarded-For", "1.2.3.4"}})});
}

TEST_F(ProxyDifferential, FirefoxStyleConnectionHeaderAndUpgradeCase) {
    expect_same({connect("ws://api.example.com/ws/", {{"Connection", "keep-alive, Upgrade"}, {"Upgrade", "WebSocket"}})});
}

TEST_F(ProxyDifferential, PlainGetThroughTheMapSendsConnectionClose) {
    expect_same({connect("ws://api.example.com/plain",
                         {{"Upgrade", std::nullopt}, {"Connection", std::nullopt}, {"Sec-WebSocket-Key", std::nullopt},
                          {"Sec-WebSocket-Version", std::nullopt}})});
}

TEST_F(ProxyDifferential, MissingTrailingSlashRedirectsTheSameWay) {
    expect_same({connect("ws://api.example.com/ws")});
}

TEST_F(ProxyDifferential, PercentEncodedPathReachesTheBackendUnchanged) {
    expect_same({connect("ws://api.example.com/ws/a%20b/../c?x=%2F")});
}

TEST_F(ProxyDifferential, OversizedHeaderIsRefusedTheSameWay) {
    expect_same({connect("ws://api.example.com/ws/", {{"X-Big", std::string(9000, 'a')}})});
}

TEST_F(ProxyDifferential, MalformedRequestLineIsRefusedTheSameWay) {
    engine::connect_step c;
    c.url = "ws://api.example.com/ws/";
    c.raw_request = "GET /ws/ HTTP/1.1 extra\r\nHost: api.example.com\r\n\r\n";
    expect_same({{c, "connect", 0}});
}

TEST_F(ProxyDifferential, UnknownHostStillReachesTheDefaultServer) {
    expect_same({connect("ws://other.example.org/ws/")});
}

TEST_F(ProxyDifferential, ChunkedRequestBodyReachesTheBackendWithContentLength) {
    engine::connect_step c;
    c.url = "ws://api.example.com/ws/";
    c.raw_request = "POST /plain HTTP/1.1\r\nHost: api.example.com\r\nTransfer-Encoding: chunked\r\n\r\n"
                    "4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n";
    expect_same({{c, "connect", 0}});
}
