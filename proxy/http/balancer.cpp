#include "http/balancer.hpp"

namespace wsgate::proxy::http {

std::int64_t whole_seconds(clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

bool balancer::resting(const peer& p, std::int64_t now_s) const {
    const auto timeout_s = std::chrono::duration_cast<std::chrono::seconds>(p.server->fail_timeout).count();
    return p.server->max_fails && p.fails >= p.server->max_fails && now_s - p.checked <= timeout_s;
}

bool balancer::eligible(const attempt& a, std::size_t i, std::int64_t now_s) const {
    return !a.tried[i] && !peers_[i].server->down && !resting(peers_[i], now_s);
}

void balancer::mark_checked(peer& p, std::int64_t now_s) const {
    if (now_s - p.checked > std::chrono::duration_cast<std::chrono::seconds>(p.server->fail_timeout).count())
        p.checked = now_s;
}

balancer::balancer(const config::upstream_block& block) : method_(block.balancing) {
    // Primaries first, then backups, each in configuration order.
    for (bool backup : {false, true}) {
        for (const auto& s : block.servers) {
            if (s.backup != backup) continue;
            peers_.push_back({&s, 0, s.weight});
            if (!backup) total_weight_ += static_cast<std::uint32_t>(s.weight);
        }
        if (!backup) primaries_ = peers_.size();
    }
    if (method_ == config::upstream_block::method::consistent_hash) build_points();
}

std::optional<std::size_t> balancer::pick_from(attempt& a, bool backup, clock::time_point now) {
    const std::size_t first = backup ? primaries_ : 0;
    const std::size_t last = backup ? peers_.size() : primaries_;
    // ngx_http_upstream_get_round_robin_peer: a single primary server is
    // used without failure accounting.
    if (!backup && primaries_ == 1 && peers_.size() == 1) {
        if (peers_[0].server->down || a.tried[0]) return std::nullopt;
        return 0;
    }
    const auto now_s = whole_seconds(now);
    std::optional<std::size_t> best;
    int total = 0;
    for (std::size_t i = first; i < last; ++i) {
        if (!eligible(a, i, now_s)) continue;
        auto& p = peers_[i];
        p.current_weight += p.effective_weight;
        total += p.effective_weight;
        if (p.effective_weight < p.server->weight) ++p.effective_weight;
        if (!best || p.current_weight > peers_[*best].current_weight) best = i;
    }
    if (!best) return std::nullopt;
    auto& chosen = peers_[*best];
    chosen.current_weight -= total;
    mark_checked(chosen, now_s);
    return best;
}

std::optional<std::size_t> balancer::pick_least_conn_from(attempt& a, bool backup, clock::time_point now) {
    const std::size_t first = backup ? primaries_ : 0;
    const std::size_t last = backup ? peers_.size() : primaries_;
    const auto now_s = whole_seconds(now);
    // Fewer connections for the weight wins: conns/weight compared crosswise.
    const auto fewer = [this](std::size_t i, std::size_t j) {
        return peers_[i].conns * peers_[j].server->weight < peers_[j].conns * peers_[i].server->weight;
    };
    const auto same = [this](std::size_t i, std::size_t j) {
        return peers_[i].conns * peers_[j].server->weight == peers_[j].conns * peers_[i].server->weight;
    };
    std::optional<std::size_t> best;
    bool many = false;
    for (std::size_t i = first; i < last; ++i) {
        if (!eligible(a, i, now_s)) continue;
        if (!best || fewer(i, *best)) {
            best = i;
            many = false;
        } else if (same(i, *best)) {
            many = true;
        }
    }
    if (!best) return std::nullopt;
    int total = 0;
    if (many) {
        // Among the tied peers, from the first of them on: round-robin.
        const std::size_t tied_from = *best;
        for (std::size_t i = tied_from; i < last; ++i) {
            if (!eligible(a, i, now_s) || !same(i, *best)) continue;
            auto& p = peers_[i];
            p.current_weight += p.effective_weight;
            total += p.effective_weight;
            if (p.effective_weight < p.server->weight) ++p.effective_weight;
            if (p.current_weight > peers_[*best].current_weight) best = i;
        }
    }
    auto& chosen = peers_[*best];
    chosen.current_weight -= total;
    mark_checked(chosen, now_s);
    return best;
}

std::optional<std::size_t> balancer::pick(attempt& a, clock::time_point now) {
    std::lock_guard lock(mutex_);
    if (a.tries_left == 0) return std::nullopt;
    using method = config::upstream_block::method;
    std::optional<std::size_t> chosen = method_ == method::ip_hash           ? pick_ip_hash(a, now)
                                        : method_ == method::hash            ? pick_hash(a, now)
                                        : method_ == method::consistent_hash ? pick_consistent_hash(a, now)
                                                                             : std::nullopt;
    // A single peer is taken as round-robin takes it, whatever the method.
    const bool least_conn = method_ == method::least_conn && peers_.size() > 1;
    const auto from = [&](bool backup) {
        return least_conn ? pick_least_conn_from(a, backup, now) : pick_from(a, backup, now);
    };
    if (!chosen) chosen = from(false);
    if (!chosen && primaries_ < peers_.size()) chosen = from(true);
    if (!chosen) return std::nullopt;
    a.tried[*chosen] = true;
    --a.tries_left;
    ++peers_[*chosen].conns;
    return chosen;
}

void balancer::report(std::size_t index, bool failed, clock::time_point now) {
    std::lock_guard lock(mutex_);
    auto& p = peers_[index];
    if (p.conns > 0) --p.conns;
    if (peers_.size() == 1) return;
    if (failed) {
        // ngx_http_upstream_free_round_robin_peer with NGX_PEER_FAILED.
        ++p.fails;
        p.accessed = whole_seconds(now);
        p.checked = p.accessed;
        if (p.server->max_fails) {
            p.effective_weight -= p.server->weight / p.server->max_fails;
            if (p.effective_weight < 0) p.effective_weight = 0;
        }
        return;
    }
    // A success after the peer was last checked clears its failures.
    if (p.accessed < p.checked) p.fails = 0;
}

}  // namespace wsgate::proxy::http
