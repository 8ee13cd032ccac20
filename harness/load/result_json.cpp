#include "load/result_json.hpp"

#include <boost/json/array.hpp>

#include <stdexcept>

namespace wsgate::load {

namespace json = boost::json;

namespace {

json::array sparse(const std::vector<std::uint64_t>& counts) {
    json::array out;
    for (std::size_t i = 0; i < counts.size(); ++i)
        if (counts[i]) out.push_back(json::array{i, counts[i]});
    return out;
}

json::array sparse(const interval_counts& counts) {
    json::array out;
    for (const auto& [slot, n] : counts) out.push_back(json::array{slot, n});
    return out;
}

json::object histogram_json(const histogram& h) {
    return {{"p50", h.percentile(50)},   {"p90", h.percentile(90)}, {"p99", h.percentile(99)},
            {"p999", h.percentile(99.9)}, {"max", h.max()},         {"min", h.min()},
            {"mean", h.mean()},          {"count", h.count()},      {"sum", h.sum()},
            {"counts", sparse(h.counts())}};
}

const json::value& field(const json::object& o, const char* name, const std::string& where) {
    const auto* v = o.if_contains(name);
    if (!v) throw std::invalid_argument(where + ": no \"" + name + "\"");
    return *v;
}

// A number that T holds exactly: a count of -1 or 1.5 is malformed input,
// reported as such, never a library exception the caller did not expect.
template <class T>
T exact(const json::value& v, const std::string& what) {
    if (!v.is_number()) throw std::invalid_argument(what + " is not a number");
    boost::system::error_code ec;
    const auto n = v.to_number<T>(ec);
    if (ec) throw std::invalid_argument(what + " is out of range or not a whole number where one is needed");
    return n;
}

template <class T>
T number(const json::object& o, const char* name, const std::string& where) {
    return exact<T>(field(o, name, where), where + ": \"" + name + "\"");
}

const json::object& object(const json::value& v, const std::string& where) {
    if (!v.is_object()) throw std::invalid_argument(where + " is not an object");
    return v.as_object();
}

const json::array& array(const json::value& v, const std::string& where) {
    if (!v.is_array()) throw std::invalid_argument(where + " is not an array");
    return v.as_array();
}

std::vector<std::pair<std::size_t, std::uint64_t>> read_sparse(const json::value& v, const std::string& where) {
    std::vector<std::pair<std::size_t, std::uint64_t>> out;
    for (const auto& pair : array(v, where)) {
        const auto& p = array(pair, where + " entry");
        if (p.size() != 2) throw std::invalid_argument(where + ": entries must be [slot, count]");
        out.emplace_back(exact<std::size_t>(p[0], where + " slot"), exact<std::uint64_t>(p[1], where + " count"));
    }
    return out;
}

histogram read_histogram(const json::object& parent, const char* name, const std::string& where) {
    const auto path = where + "." + name;
    const auto& o = object(field(parent, name, where), path);
    try {
        return histogram::restore(read_sparse(field(o, "counts", path), path + ".counts"),
                                  number<std::int64_t>(o, "min", path), number<std::int64_t>(o, "max", path),
                                  number<double>(o, "sum", path));
    } catch (const std::out_of_range& e) {
        throw std::invalid_argument(path + ": " + e.what() + " is out of range");
    }
}

}  // namespace

json::object to_json(const load_result& r) {
    json::object errors;
    for (const auto& [kind, n] : r.errors) errors[kind] = n;
    json::object first_errors;
    for (const auto& [kind, text] : r.first_errors) first_errors[kind] = text;
    json::array timeline;
    for (const auto& s : r.timeline)
        timeline.push_back(json::object{{"t", s.at_s},
                                        {"messages", s.messages},
                                        {"errors", s.errors},
                                        {"open", s.open},
                                        {"p50_us", s.p50_us},
                                        {"p99_us", s.p99_us}});
    json::array intervals;
    for (const auto& i : r.intervals) intervals.push_back(sparse(i));
    return {{"messages_per_second", r.messages_per_second()},
            {"messages", r.messages},
            {"seconds", r.seconds},
            {"connections", r.connections},
            {"measure_start_epoch_s", r.measure_start_epoch_s},
            {"phases", json::object{{"ramp_until_s", r.phases.ramp_until_s},
                                    {"measure_from_s", r.phases.measure_from_s},
                                    {"measure_until_s", r.phases.measure_until_s},
                                    {"ended_s", r.phases.ended_s}}},
            {"connected", r.connected},
            {"tls_resumed", r.tls_resumed},
            {"handshake_seconds", r.handshake_seconds},
            {"errors", errors},
            {"first_errors", first_errors},
            {"latency_us", histogram_json(r.latency)},
            {"latency_uncorrected_us", histogram_json(r.latency_uncorrected)},
            {"handshake_us", json::object{{"tcp", histogram_json(r.tcp)},
                                          {"tls", histogram_json(r.tls)},
                                          {"upgrade", histogram_json(r.upgrade)}}},
            {"established_us", histogram_json(r.established)},
            {"timeline", timeline},
            {"intervals", intervals}};
}

load_result from_json(const json::value& v) {
    const std::string where = "result";
    const auto& o = object(v, where);
    load_result r;
    r.messages = number<std::uint64_t>(o, "messages", where);
    r.seconds = number<double>(o, "seconds", where);
    r.connections = number<std::uint32_t>(o, "connections", where);
    r.connected = number<std::uint32_t>(o, "connected", where);
    r.tls_resumed = number<std::uint32_t>(o, "tls_resumed", where);
    r.measure_start_epoch_s = number<double>(o, "measure_start_epoch_s", where);
    r.handshake_seconds = number<double>(o, "handshake_seconds", where);
    // Results written before the phases were recorded have none.
    if (const auto* phases = o.if_contains("phases")) {
        const auto& p = object(*phases, "phases");
        r.phases = {number<double>(p, "ramp_until_s", "phases"), number<double>(p, "measure_from_s", "phases"),
                    number<double>(p, "measure_until_s", "phases"), number<double>(p, "ended_s", "phases")};
    }
    for (const auto& [kind, n] : object(field(o, "errors", where), "errors")) {
        r.errors[std::string(kind)] = exact<std::uint64_t>(n, "errors." + std::string(kind));
    }
    // Results written before first_errors existed have none.
    if (const auto* first = o.if_contains("first_errors")) {
        for (const auto& [kind, text] : object(*first, "first_errors")) {
            if (!text.is_string()) throw std::invalid_argument("first_errors." + std::string(kind) + " is not a string");
            r.first_errors[std::string(kind)] = std::string(text.as_string());
        }
    }
    r.latency = read_histogram(o, "latency_us", where);
    r.latency_uncorrected = read_histogram(o, "latency_uncorrected_us", where);
    const auto& handshake = object(field(o, "handshake_us", where), "handshake_us");
    r.tcp = read_histogram(handshake, "tcp", "handshake_us");
    r.tls = read_histogram(handshake, "tls", "handshake_us");
    r.upgrade = read_histogram(handshake, "upgrade", "handshake_us");
    r.established = read_histogram(o, "established_us", where);
    for (const auto& s : array(field(o, "timeline", where), "timeline")) {
        const auto& t = object(s, "timeline entry");
        r.timeline.push_back({number<double>(t, "t", "timeline"), number<std::uint64_t>(t, "messages", "timeline"),
                              number<std::uint64_t>(t, "errors", "timeline"), number<std::uint32_t>(t, "open", "timeline"),
                              number<std::int64_t>(t, "p50_us", "timeline"), number<std::int64_t>(t, "p99_us", "timeline")});
    }
    for (const auto& i : array(field(o, "intervals", where), "intervals")) {
        interval_counts counts;
        for (const auto& [slot, n] : read_sparse(i, "intervals")) counts[slot] += n;
        r.intervals.push_back(std::move(counts));
    }
    return r;
}

}  // namespace wsgate::load
