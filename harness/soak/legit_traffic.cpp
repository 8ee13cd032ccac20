#include "soak/legit_traffic.hpp"

#include "soak/attack_kinds.hpp"
#include "soak/raw_connection.hpp"

#include "wsgate/frame.hpp"

#include <sstream>

namespace wsgate::soak {

namespace {

using namespace std::chrono_literals;

constexpr std::uint32_t load_connections = 4;
constexpr double load_rate = 200;  // messages per second over the lane's connections
constexpr auto load_linger = 2s;
constexpr auto probe_interval = 250ms;
constexpr auto probe_limit = 3s;
constexpr std::uint64_t probe_max_message = 1024;

// One fresh connection: upgrade, one echo, close. Empty when it worked.
std::string probe_once(const load::load_target& target, std::uint64_t n) {
    const auto until = clock::now() + probe_limit;
    raw_connection c;
    if (!c.connect(target.host, target.port, until)) return "probe could not connect";
    victim_endpoint v;
    v.host_header = target.host_header;
    v.ws_path = target.path;
    std::string received;
    if (!c.write_all(upgrade_request(v), until) || !c.read_until(received, "\r\n\r\n", until))
        return "probe's upgrade got no answer";
    const auto head_end = received.find("\r\n\r\n");
    if (head_end == std::string::npos) return "probe's upgrade got no answer within 3 s";
    if (received.compare(0, 12, "HTTP/1.1 101") != 0)
        return "probe's upgrade got " + received.substr(0, received.find("\r\n"));
    const auto message = "soak probe " + std::to_string(n);
    ws::frame_header h;
    h.masked = true;
    h.mask = ws::random_mask();
    if (!c.write_all(ws::encode_frame(h, message), until)) return "probe's message could not be sent";
    ws::frame_reader reader(ws::role::client, probe_max_message);
    reader.feed(received.data() + head_end + 4, received.size() - head_end - 4);
    for (;;) {
        if (auto f = reader.next()) {
            if (f->payload != message) return "probe's echo differs from its message";
            c.close();
            return {};
        }
        if (reader.error() != ws::violation::none) return "probe's echo is not a valid frame";
        std::string more;
        if (!c.read_some(more, until)) return "probe's echo did not come within 3 s";
        reader.feed(more.data(), more.size());
    }
}

std::string describe_errors(const load::load_result& r) {
    std::ostringstream out;
    out << "load: ";
    bool first = true;
    for (const auto& [kind, n] : r.errors) {
        out << (first ? "" : " ") << kind << "=" << n;
        first = false;
    }
    if (r.connected < r.connections) out << (first ? "" : " ") << "connected " << r.connected << "/" << r.connections;
    return out.str();
}

}  // namespace

legit_traffic::legit_traffic(const std::vector<load::load_target>& endpoints, std::chrono::milliseconds duration) {
    lanes_.resize(endpoints.size());
    for (std::size_t i = 0; i < endpoints.size(); ++i) lanes_[i].target = endpoints[i];
    for (auto& lane : lanes_) {
        threads_.emplace_back([&lane, duration] {
            load::load_options o;
            o.target = lane.target;
            o.connections = load_connections;
            o.rate = load_rate;
            o.warmup = 0ms;
            o.duration = duration;
            o.linger = load_linger;
            try {
                lane.load = load::run_load(o, [](const load::second_sample&) {}, [] { return false; });
            } catch (const std::exception& e) {
                lane.load.connections = o.connections;
                lane.load_failure = std::string("load could not run: ") + e.what();
            }
        });
        if (lane.target.tls) continue;
        threads_.emplace_back([&lane, duration] {
            const auto until = clock::now() + duration;
            for (auto next = clock::now(); next < until; next += probe_interval) {
                std::this_thread::sleep_until(next);
                ++lane.probes.probes;
                if (auto failure = probe_once(lane.target, lane.probes.probes); !failure.empty()) {
                    ++lane.probes.failures;
                    if (lane.probes.first_failure.empty()) lane.probes.first_failure = failure;
                }
            }
        });
    }
}

legit_outcome legit_traffic::finish() {
    threads_.clear();
    legit_outcome total;
    for (const auto& lane : lanes_) {
        const auto lost = lane.load.error_count() + (lane.load.connections - lane.load.connected);
        total.messages += lane.load.messages;
        total.failures += lost + lane.probes.failures;
        total.probes += lane.probes.probes;
        if (total.first_failure.empty() && lost > 0)
            total.first_failure = lane.load_failure.empty() ? describe_errors(lane.load) : lane.load_failure;
        if (total.first_failure.empty()) total.first_failure = lane.probes.first_failure;
    }
    return total;
}

}  // namespace wsgate::soak
