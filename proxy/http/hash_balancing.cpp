// The hash methods of an upstream group, as nginx 1.22 computes them:
// ip_hash (ngx_http_upstream_ip_hash_module.c) and hash KEY [consistent]
// (ngx_http_upstream_hash_module.c), with the same hash functions, so a
// client lands on the peer nginx would give it for the same config.
#include "http/balancer.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>

namespace wsgate::proxy::http {

namespace {

// nginx gives up hashing after this many peers it could not take.
constexpr unsigned max_hash_tries = 20;
// ip_hash's constants (ngx_http_upstream_init_ip_hash_peer and its loop).
constexpr std::uint32_t ip_hash_seed = 89;
constexpr std::uint32_t ip_hash_multiplier = 113;
constexpr std::uint32_t ip_hash_modulus = 6271;
constexpr std::size_t ipv4_hashed_bytes = 3;
// Consistent hash points per unit of weight (ngx_http_upstream_init_chash).
constexpr int points_per_weight = 160;

// CRC-32 as ngx_crc32_update computes it (the reflected IEEE polynomial).
class crc32 {
public:
    crc32& update(std::string_view bytes) {
        for (const unsigned char b : bytes) value_ = table()[(value_ ^ b) & 0xff] ^ (value_ >> 8);
        return *this;
    }
    std::uint32_t final() const { return value_ ^ 0xffffffffu; }

private:
    static const std::array<std::uint32_t, 256>& table() {
        static const auto t = [] {
            std::array<std::uint32_t, 256> out{};
            for (std::uint32_t i = 0; i < 256; ++i) {
                std::uint32_t c = i;
                for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
                out[i] = c;
            }
            return out;
        }();
        return t;
    }
    std::uint32_t value_ = 0xffffffffu;
};

std::string little_endian(std::uint32_t v) {
    return {static_cast<char>(v & 0xff), static_cast<char>((v >> 8) & 0xff), static_cast<char>((v >> 16) & 0xff),
            static_cast<char>(v >> 24)};
}

// A server as written, split as ngx_http_upstream_init_chash splits it: the
// port is what follows the last ':' when only digits follow it.
std::pair<std::string_view, std::string_view> host_and_port(std::string_view server) {
    const auto colon = server.rfind(':');
    if (colon == std::string_view::npos) return {server, {}};
    const auto port = server.substr(colon + 1);
    if (!std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) return {server, {}};
    return {server.substr(0, colon), port};
}

}  // namespace

std::string balance_key(const config::upstream_block& block, const config::eval_context& request,
                        std::string_view client_address) {
    using method = config::upstream_block::method;
    if (block.balancing == method::ip_hash) {
        const std::string text(client_address);
        unsigned char v4[4], v6[16];
        if (inet_pton(AF_INET, text.c_str(), v4) == 1) return std::string(reinterpret_cast<char*>(v4), ipv4_hashed_bytes);
        if (inet_pton(AF_INET6, text.c_str(), v6) == 1) return std::string(reinterpret_cast<char*>(v6), sizeof v6);
        // nginx's pseudo address for other families: three zero bytes.
        return std::string(ipv4_hashed_bytes, '\0');
    }
    if ((block.balancing == method::hash || block.balancing == method::consistent_hash) && block.hash_key)
        return config::evaluate(*block.hash_key, request);
    return {};
}

void balancer::build_points() {
    for (std::size_t i = 0; i < primaries_; ++i) {
        const auto [host, port] = host_and_port(peers_[i].server->name);
        crc32 base;
        base.update(host).update(std::string_view("\0", 1)).update(port);
        std::uint32_t previous = 0;
        for (int j = 0; j < peers_[i].server->weight * points_per_weight; ++j) {
            crc32 h = base;
            previous = h.update(little_endian(previous)).final();
            points_.push_back({previous, i});
        }
    }
    std::stable_sort(points_.begin(), points_.end(), [](const point& a, const point& b) { return a.hash < b.hash; });
    points_.erase(std::unique(points_.begin(), points_.end(), [](const point& a, const point& b) { return a.hash == b.hash; }),
                  points_.end());
}

balancer::attempt balancer::start(std::string key) const {
    attempt a{std::vector<bool>(peers_.size(), false), peers_.size(), std::move(key)};
    if (method_ == config::upstream_block::method::ip_hash) a.hash = ip_hash_seed;
    if (method_ == config::upstream_block::method::consistent_hash && !points_.empty()) {
        // ngx_http_upstream_find_chash_point: the first point at or after the key's hash.
        const auto h = crc32().update(a.key).final();
        a.hash = static_cast<std::uint32_t>(
            std::lower_bound(points_.begin(), points_.end(), h, [](const point& p, std::uint32_t v) { return p.hash < v; }) -
            points_.begin());
    }
    return a;
}

std::size_t balancer::peer_at_weight(std::uint32_t w) const {
    std::size_t p = 0;
    while (w >= static_cast<std::uint32_t>(peers_[p].server->weight)) w -= static_cast<std::uint32_t>(peers_[p++].server->weight);
    return p;
}

std::optional<std::size_t> balancer::pick_ip_hash(attempt& a, clock::time_point now) {
    if (a.hash_tries > max_hash_tries || single()) return std::nullopt;
    const auto now_s = whole_seconds(now);
    std::uint32_t hash = a.hash;
    while (true) {
        for (const unsigned char b : a.key) hash = (hash * ip_hash_multiplier + b) % ip_hash_modulus;
        const auto p = peer_at_weight(hash % total_weight_);
        if (eligible(a, p, now_s)) {
            mark_checked(peers_[p], now_s);
            a.hash = hash;
            return p;
        }
        if (++a.hash_tries > max_hash_tries) return std::nullopt;
    }
}

std::optional<std::size_t> balancer::pick_hash(attempt& a, clock::time_point now) {
    if (a.hash_tries > max_hash_tries || single() || a.key.empty()) return std::nullopt;
    const auto now_s = whole_seconds(now);
    while (true) {
        // Cache::Memcached's: ((crc32([REHASH] KEY) >> 16) & 0x7fff) + PREV_HASH.
        crc32 h;
        if (a.rehash > 0) h.update(std::to_string(a.rehash));
        a.hash += (h.update(a.key).final() >> 16) & 0x7fff;
        ++a.rehash;
        const auto p = peer_at_weight(a.hash % total_weight_);
        if (eligible(a, p, now_s)) {
            mark_checked(peers_[p], now_s);
            return p;
        }
        if (++a.hash_tries > max_hash_tries) return std::nullopt;
    }
}

std::optional<std::size_t> balancer::pick_consistent_hash(attempt& a, clock::time_point now) {
    if (a.hash_tries > max_hash_tries || single() || a.key.empty() || points_.empty()) return std::nullopt;
    const auto now_s = whole_seconds(now);
    while (true) {
        // The point's server, and among live peers of that name the
        // round-robin choice (one here: names are distinct addresses).
        const std::size_t server = points_[a.hash % points_.size()].peer;
        std::optional<std::size_t> best;
        int total = 0;
        for (std::size_t i = 0; i < primaries_; ++i) {
            if (peers_[i].server->name != peers_[server].server->name || !eligible(a, i, now_s)) continue;
            auto& p = peers_[i];
            p.current_weight += p.effective_weight;
            total += p.effective_weight;
            if (p.effective_weight < p.server->weight) ++p.effective_weight;
            if (!best || p.current_weight > peers_[*best].current_weight) best = i;
        }
        if (best) {
            peers_[*best].current_weight -= total;
            mark_checked(peers_[*best], now_s);
            return best;
        }
        ++a.hash;
        if (++a.hash_tries > max_hash_tries) return std::nullopt;
    }
}

}  // namespace wsgate::proxy::http
