// ip_hash and hash KEY [consistent] as nginx 1.22 computes them: the peers
// below are the ones nginx's own formulas give (checked against a
// transcription of ngx_http_upstream_ip_hash_module.c and
// ngx_http_upstream_hash_module.c with zlib's CRC-32).
#include "config/error.hpp"
#include "http/balancer.hpp"
#include "proxy_test_config.hpp"

#include <gtest/gtest.h>

using namespace wsgate::proxy;
using wsgate::testing::in_http;
using wsgate::testing::load_error;
using wsgate::testing::load_text;
using method = config::upstream_block::method;

namespace {

config::upstream_block hashed_group(method how, std::size_t servers) {
    config::upstream_block b;
    b.name = "nodes";
    b.balancing = how;
    for (std::size_t i = 0; i < servers; ++i) {
        config::upstream_server s;
        s.name = "127.0.0.1:900" + std::to_string(i + 1);
        b.servers.push_back(s);
    }
    return b;
}

std::string pick_for(http::balancer& lb, const std::string& key) {
    auto a = lb.start(key);
    const auto p = lb.pick(a, http::clock::now());
    return p ? lb.server(*p).name : "none";
}

const std::string loopback_key("\x7f\x00\x00", 3);

}  // namespace

TEST(IpHash, OneSlash24GoesToThePeerNginxComputes) {
    auto three = hashed_group(method::ip_hash, 3);
    http::balancer lb3(three);
    for (int i = 0; i < 5; ++i) EXPECT_EQ(pick_for(lb3, loopback_key), "127.0.0.1:9003");
    auto two = hashed_group(method::ip_hash, 2);
    http::balancer lb2(two);
    EXPECT_EQ(pick_for(lb2, loopback_key), "127.0.0.1:9001");
    EXPECT_EQ(pick_for(lb3, std::string("\x0a\x01\x02", 3)), "127.0.0.1:9002");
}

TEST(IpHash, RehashesPastADownPeer) {
    auto g = hashed_group(method::ip_hash, 3);
    g.servers[2].down = true;
    http::balancer lb(g);
    EXPECT_EQ(pick_for(lb, loopback_key), "127.0.0.1:9002");
}

TEST(IpHash, KeyIsTheFirstThreeBytesOfIpv4AndAllOfIpv6) {
    const auto g = hashed_group(method::ip_hash, 2);
    config::eval_context none;
    EXPECT_EQ(http::balance_key(g, none, "127.0.0.1"), loopback_key);
    EXPECT_EQ(http::balance_key(g, none, "127.0.0.200"), loopback_key);
    EXPECT_EQ(http::balance_key(g, none, "::1").size(), 16u);
    EXPECT_EQ(http::balance_key(hashed_group(method::round_robin, 2), none, "127.0.0.1"), "");
}

TEST(Hash, EachKeyHasItsPeerAndADownPeerRehashes) {
    auto g = hashed_group(method::hash, 3);
    http::balancer lb(g);
    EXPECT_EQ(pick_for(lb, "room-1"), "127.0.0.1:9001");
    EXPECT_EQ(pick_for(lb, "room-2"), "127.0.0.1:9002");
    EXPECT_EQ(pick_for(lb, "bob"), "127.0.0.1:9003");
    EXPECT_EQ(pick_for(lb, "room-1"), "127.0.0.1:9001") << "the same key, the same peer";
    g.servers[0].down = true;
    http::balancer without_first(g);
    EXPECT_EQ(pick_for(without_first, "room-1"), "127.0.0.1:9002");
}

TEST(Hash, AnEmptyKeyFallsBackToRoundRobin) {
    auto g = hashed_group(method::hash, 3);
    http::balancer lb(g);
    EXPECT_EQ(pick_for(lb, ""), "127.0.0.1:9001");
    EXPECT_EQ(pick_for(lb, ""), "127.0.0.1:9002");
}

TEST(ConsistentHash, KeysLandOnTheKetamaPointsOfTheServerNames) {
    auto g = hashed_group(method::consistent_hash, 3);
    http::balancer lb(g);
    EXPECT_EQ(pick_for(lb, "room-1"), "127.0.0.1:9001");
    EXPECT_EQ(pick_for(lb, "room-2"), "127.0.0.1:9003");
    EXPECT_EQ(pick_for(lb, "alice"), "127.0.0.1:9001");
}

TEST(ConsistentHash, AddingAServerMovesKeysOnlyToIt) {
    auto three = hashed_group(method::consistent_hash, 3);
    auto four = hashed_group(method::consistent_hash, 4);
    http::balancer before(three), after(four);
    int moved = 0;
    for (int i = 0; i < 200; ++i) {
        const auto key = "room-" + std::to_string(i);
        const auto was = pick_for(before, key), now = pick_for(after, key);
        if (was == now) continue;
        ++moved;
        EXPECT_EQ(now, "127.0.0.1:9004") << key << " moved from " << was;
    }
    EXPECT_GT(moved, 20);
    EXPECT_LT(moved, 100);
}

// ngx_http_upstream_hash and ngx_http_upstream_server: the method's words
// and the servers it allows.
TEST(ConfigHash, ReadsTheMethodsAndRefusesBackupAfterThem) {
    const auto c = load_text(in_http("upstream a { ip_hash; server 127.0.0.1:1; }\n"
                                     "upstream b { hash $arg_room consistent; server 127.0.0.1:2; }\n"
                                     "upstream c { hash $remote_addr; server 127.0.0.1:3; }"))
                       .config;
    EXPECT_EQ(c.upstreams.at(0).balancing, method::ip_hash);
    EXPECT_EQ(c.upstreams.at(1).balancing, method::consistent_hash);
    EXPECT_TRUE(c.upstreams.at(1).hash_key);
    EXPECT_EQ(c.upstreams.at(2).balancing, method::hash);
    EXPECT_EQ(load_error(in_http("upstream a { hash $arg_room sticky; server 127.0.0.1:1; }")),
              "invalid parameter \"sticky\" in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("upstream a { ip_hash; server 127.0.0.1:1 backup; }")),
              "invalid parameter \"backup\" in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("upstream a { hash $nonesuch; server 127.0.0.1:1; }")).find("unknown \"nonesuch\" variable"),
              0u);
}
