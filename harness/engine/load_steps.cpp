#include "engine/step_impl.hpp"

#include "engine/step_failure.hpp"
#include "engine/target_url.hpp"

#include "load/format.hpp"
#include "load/generator.hpp"

namespace wsgate::engine {

namespace {

// Left of the case's deadline for the steps after the burst.
constexpr ms deadline_reserve{500};
// The part of the remaining time a stalled burst may spend past its window.
constexpr int linger_share = 4;

std::string error_list(const std::map<std::string, std::uint64_t>& errors) {
    std::string out;
    for (const auto& [kind, n] : errors) out += (out.empty() ? "" : ", ") + kind + " " + std::to_string(n);
    return out;
}

}  // namespace

void do_load(case_state& s, const load_step& st) {
    parsed_url url;
    try {
        url = parse_url(st.url);
    } catch (const std::invalid_argument& e) {
        throw step_failure(e.what());
    }
    if (!s.env().host_name.empty()) url.host = s.env().host_name;
    const auto ep = endpoint_for(url, s.env());
    load::load_options o;
    o.target.host = ep.host;
    o.target.port = ep.port;
    o.target.tls = url.tls;
    o.target.host_header = url.authority();
    o.target.path = s.env().proxy.path_prefix.empty() ? url.target : s.env().proxy.path_prefix;
    if (url.tls) o.target.ca_file = s.env().trust_anchor().string();
    o.target.insecure = s.env().insecure;
    o.connections = st.connections;
    o.messages_per_connection = st.messages;
    o.size = st.size;
    o.rate = 0;
    o.warmup = ms(0);
    // The burst ends by itself when every connection has its echoes back;
    // within (and the case's deadline) only bounds a proxy that stalls. The
    // run's hard stop (duration + linger) stays inside the case's deadline,
    // so a target that never answers cannot hold the case past it.
    const auto budget = std::chrono::duration_cast<ms>(s.deadline - clock::now()) - deadline_reserve;
    o.linger = std::max(ms(0), std::min(load::default_linger, budget / linger_share));
    o.duration = std::max(ms(1), std::min(st.within, budget - o.linger));
    const auto result = load::run_load(o, nullptr, s.env().interrupted);
    if (s.env().interrupted && s.env().interrupted()) throw step_skip("interrupted");

    for (const auto v : result.upgrade.values()) s.handshake_ms.push_back(static_cast<double>(v) / 1000.0);
    for (const auto v : result.latency.values()) s.round_trip_ms.push_back(static_cast<double>(v) / 1000.0);
    const auto expected = static_cast<std::uint64_t>(st.connections) * st.messages;
    const auto summary = std::to_string(result.connected) + "/" + std::to_string(st.connections) + " connected, " +
                         std::to_string(result.messages) + "/" + std::to_string(expected) + " echoes in order, " +
                         std::to_string(static_cast<long long>(result.messages_per_second())) + " msg/s, p50 " +
                         load::ms_text(result.latency.percentile(50), 2) + ", p99 " + load::ms_text(result.latency.percentile(99), 2) +
                         ", max " + load::ms_text(result.latency.max(), 2);
    if (result.error_count() > 0)
        throw step_failure("the burst had errors (" + summary + ")", "0 errors", error_list(result.errors));
    if (result.connected != st.connections || result.messages != expected)
        throw step_failure("the burst did not complete within " + std::to_string(o.duration.count()) + " ms",
                           std::to_string(st.connections) + " connections, " + std::to_string(expected) + " echoes",
                           summary);
    s.notes.emplace_back(clock::now(), "load: " + summary);
}

}  // namespace wsgate::engine
