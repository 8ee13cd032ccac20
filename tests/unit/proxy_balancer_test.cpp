// Upstream peer selection as ngx_http_upstream_round_robin.c does it.
#include "http/balancer.hpp"

#include <gtest/gtest.h>

#include <set>

using namespace wsgate::proxy;
using http::balancer;
using steady = http::clock;
using namespace std::chrono_literals;

namespace {

config::upstream_block group(std::vector<int> weights, bool with_backup = false) {
    config::upstream_block b;
    b.name = "websocket";
    for (std::size_t i = 0; i < weights.size(); ++i) {
        config::upstream_server s;
        s.name = "b" + std::to_string(i + 1);
        s.weight = weights[i];
        b.servers.push_back(s);
    }
    if (with_backup) {
        config::upstream_server s;
        s.name = "backup";
        s.backup = true;
        b.servers.push_back(s);
    }
    return b;
}

std::string picks(http::balancer& lb, int n, steady::time_point now = steady::now()) {
    std::string order;
    for (int i = 0; i < n; ++i) {
        auto a = lb.start();
        auto p = lb.pick(a, now);
        order += p ? lb.server(*p).name + " " : "none ";
    }
    return order;
}

}  // namespace

TEST(SmoothWeightedRoundRobin, EqualWeightsTakeTurns) {
    auto g = group({1, 1, 1});
    http::balancer lb(g);
    EXPECT_EQ(picks(lb, 6), "b1 b2 b3 b1 b2 b3 ");
}

// nginx's smooth order for weights 5, 1, 1 is a a b a c a a, not a a a a a b c.
TEST(SmoothWeightedRoundRobin, InterleavesHeavyPeersAsNginxDoes) {
    auto g = group({5, 1, 1});
    http::balancer lb(g);
    EXPECT_EQ(picks(lb, 7), "b1 b1 b2 b1 b3 b1 b1 ");
}

TEST(UpstreamFailover, OneRequestNeverTriesAPeerTwice) {
    auto g = group({1, 1, 1});
    http::balancer lb(g);
    auto a = lb.start();
    std::set<std::string> seen;
    for (int i = 0; i < 3; ++i) {
        auto p = lb.pick(a, steady::now());
        ASSERT_TRUE(p);
        seen.insert(lb.server(*p).name);
    }
    EXPECT_EQ(seen.size(), 3u);
    EXPECT_FALSE(lb.pick(a, steady::now()).has_value());
}

TEST(UpstreamFailover, SkipsDeadPeerForFailTimeout) {
    auto g = group({1, 1, 1});
    g.servers[1].fail_timeout = 10s;
    http::balancer lb(g);
    const auto t0 = steady::now();
    auto a = lb.start();
    lb.pick(a, t0);  // b1
    auto b2 = lb.pick(a, t0);
    ASSERT_EQ(lb.server(*b2).name, "b2");
    lb.report(*b2, true, t0);
    // max_fails 1: b2 rests for fail_timeout.
    for (int i = 0; i < 6; ++i) {
        auto r = lb.start();
        EXPECT_NE(lb.server(*lb.pick(r, t0 + 1s)).name, "b2");
    }
    // After fail_timeout it is tried again.
    bool back = false;
    for (int i = 0; i < 3; ++i) {
        auto r = lb.start();
        back = back || lb.server(*lb.pick(r, t0 + 11s)).name == "b2";
    }
    EXPECT_TRUE(back);
}

// ngx_time() has whole seconds, and the check is "now - checked <=
// fail_timeout": a peer that failed at 1000.9 s still rests at 1010.95 s and
// is tried again from 1011.0 s.
TEST(UpstreamFailover, FailTimeoutCountsWholeSecondsLikeNginx) {
    auto g = group({1, 1});
    http::balancer lb(g);
    const steady::time_point failed_at{1000s + 900ms};
    auto a = lb.start();
    const auto b1 = lb.pick(a, failed_at);
    ASSERT_EQ(lb.server(*b1).name, "b1");
    lb.report(*b1, true, failed_at);
    for (auto at : {failed_at + 10s, failed_at + 10050ms}) {
        auto r = lb.start();
        EXPECT_EQ(lb.server(*lb.pick(r, at)).name, "b2") << "still resting at " << at.time_since_epoch().count();
    }
    // Its effective weight, cut to 0 by the failure, grows back one pick at
    // a time, so it takes a few turns to be chosen (nginx's slow start).
    std::string order;
    for (int i = 0; i < 3; ++i) {
        auto r = lb.start();
        order += lb.server(*lb.pick(r, failed_at + 10100ms)).name + " ";
    }
    EXPECT_EQ(order, "b2 b2 b1 ") << "tried again once the whole-second clock passed 1010";
}

TEST(UpstreamFailover, NoLivePeerWhenAllFailed) {
    auto g = group({1, 1});
    http::balancer lb(g);
    const auto t0 = steady::now();
    auto a = lb.start();
    lb.report(*lb.pick(a, t0), true, t0);
    lb.report(*lb.pick(a, t0), true, t0);
    auto r = lb.start();
    EXPECT_FALSE(lb.pick(r, t0 + 1s).has_value());
}

TEST(UpstreamFailover, SingleServerGroupIsNeverMarkedDown) {
    auto g = group({1});
    http::balancer lb(g);
    const auto t0 = steady::now();
    for (int i = 0; i < 5; ++i) {
        auto a = lb.start();
        auto p = lb.pick(a, t0);
        ASSERT_TRUE(p.has_value());
        lb.report(*p, true, t0);
    }
}

TEST(UpstreamFailover, DownServersAreNeverPicked) {
    auto g = group({1, 1, 1});
    g.servers[0].down = true;
    http::balancer lb(g);
    EXPECT_EQ(picks(lb, 4), "b2 b3 b2 b3 ");
}

TEST(UpstreamFailover, BackupServesOnlyWhenPrimariesAreDown) {
    auto g = group({1, 1}, true);
    http::balancer lb(g);
    const auto t0 = steady::now();
    EXPECT_EQ(picks(lb, 2, t0), "b1 b2 ");
    auto a = lb.start();
    lb.report(*lb.pick(a, t0), true, t0);
    lb.report(*lb.pick(a, t0), true, t0);
    EXPECT_EQ(picks(lb, 2, t0 + 1s), "backup backup ");
}

TEST(UpstreamFailover, MaxFailsZeroDisablesAccounting) {
    auto g = group({1, 1});
    g.servers[0].max_fails = 0;
    http::balancer lb(g);
    const auto t0 = steady::now();
    for (int i = 0; i < 3; ++i) {
        auto a = lb.start();
        auto p = lb.pick(a, t0);
        if (lb.server(*p).name == "b1") lb.report(*p, true, t0);
    }
    EXPECT_NE(picks(lb, 2, t0).find("b1"), std::string::npos);
}

// ngx_http_upstream_least_conn_module: the peer with the fewest active
// connections for its weight; a connection counts until its report().
TEST(LeastConn, TakesThePeerWithTheFewestOpenConnections) {
    auto block = group({1, 1, 1});
    block.balancing = config::upstream_block::method::least_conn;
    balancer lb(block);
    const auto now = steady::now();
    std::vector<std::size_t> open;
    for (int i = 0; i < 3; ++i) {
        auto a = lb.start();
        open.push_back(*lb.pick(a, now));
    }
    EXPECT_EQ(lb.server(open[0]).name + lb.server(open[1]).name + lb.server(open[2]).name, "b1b2b3");
    // b2's tunnel ends: it now has the fewest.
    lb.report(open[1], false, now);
    auto a = lb.start();
    EXPECT_EQ(lb.server(*lb.pick(a, now)).name, "b2");
}

TEST(LeastConn, WeightsScaleTheCountAndTiesTakeTurns) {
    auto block = group({2, 1});
    block.balancing = config::upstream_block::method::least_conn;
    balancer lb(block);
    // 0/2 = 0/1: a tie, weighted round-robin takes b1; then b2 has fewer
    // (0 against 1/2); then 1/2 against 1/1: b1.
    EXPECT_EQ(picks(lb, 3), "b1 b2 b1 ");
}
