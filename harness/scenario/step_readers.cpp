#include "scenario/step_readers.hpp"

#include <algorithm>

namespace wsgate::scenario {

namespace {

// Bounds that keep one case small enough to run beside others; the load
// command goes further than a scenario's load step.
constexpr std::size_t max_connect_many = 2000;
constexpr std::uint32_t max_load_connections = 5000;
constexpr std::uint64_t max_load_messages = 100000;
constexpr std::size_t max_load_message_size = 1u << 20;
constexpr auto max_sleep = std::chrono::minutes(2);
constexpr std::size_t max_repeat = 10000;

step_body read_connect(step_reader& r, const YAML::Node& v) { return r.connect(v, false); }

step_body read_expect_handshake(step_reader& r, const YAML::Node& v) {
    r.only_keys(v, {"as", "response", "status", "headers", "present", "absent", "matches", "contains", "location",
                    "fails", "tls_version", "session_reused", "body_contains", "body_lacks", "within"});
    engine::expect_handshake_step e;
    if (v["as"]) e.as = r.str(v["as"], "as");
    if (v["status"]) e.status = r.number<int>(v["status"], "status");
    if (v["response"]) e.response = std::max<std::size_t>(1, r.number<std::size_t>(v["response"], "response"));
    e.headers = r.header_checks(v);
    if (v["location"]) e.location = r.str(v["location"], "location");
    if (v["fails"]) e.fails = r.str(v["fails"], "fails");
    if (v["tls_version"]) e.tls_version = r.str(v["tls_version"], "tls_version");
    if (v["session_reused"]) e.session_reused = r.flag(v["session_reused"], "session_reused");
    if (v["body_contains"]) e.body_contains = r.str(v["body_contains"], "body_contains");
    if (v["body_lacks"]) e.body_lacks = r.str(v["body_lacks"], "body_lacks");
    if (v["within"]) e.within = r.duration(v["within"], "within");
    return e;
}

step_body read_backend_saw(step_reader& r, const YAML::Node& v) {
    r.only_keys(v, {"as", "method", "target", "version", "backend", "remote_addr", "headers", "present", "absent",
                    "matches", "contains", "header_case", "header_order", "frames", "within"});
    engine::backend_saw_step e;
    if (v["as"]) e.as = r.str(v["as"], "as");
    if (v["method"]) e.method = r.str(v["method"], "method");
    if (v["target"]) e.target = r.str(v["target"], "target");
    if (v["version"]) e.version = r.str(v["version"], "version");
    // One id, or a list of the ids that may have served it.
    if (v["backend"] && v["backend"].IsSequence()) e.backend_in = r.strings(v["backend"], "backend");
    else if (v["backend"]) e.backend = r.str(v["backend"], "backend");
    if (v["remote_addr"]) e.remote_addr = r.str(v["remote_addr"], "remote_addr");
    e.headers = r.header_checks(v);
    if (v["header_case"]) e.header_case = r.strings(v["header_case"], "header_case");
    if (v["header_order"]) e.header_order = r.strings(v["header_order"], "header_order");
    if (v["frames"]) e.frames = r.strings(v["frames"], "frames");
    if (v["within"]) e.within = r.duration(v["within"], "within");
    return e;
}

step_body read_backend(step_reader& r, const YAML::Node& v) {
    r.only_keys(v, {"as", "control", "kill", "restart", "stop_listening"});
    engine::backend_step e;
    using k = engine::backend_step::kind;
    int kinds = 0;
    if (v["control"]) {
        e.what = k::control;
        e.message = r.str(v["control"], "control");
        if (!e.message.starts_with("wsgate:")) r.fail(v["control"], "control messages start with wsgate:");
        ++kinds;
    }
    for (const auto& [key, what] : {std::pair{"kill", k::kill}, std::pair{"restart", k::restart},
                                    std::pair{"stop_listening", k::stop_listening}}) {
        if (!v[key]) continue;
        e.what = what;
        e.backend = r.str(v[key], key);
        ++kinds;
    }
    if (kinds != 1) r.fail(v, "backend needs exactly one of control, kill, restart, stop_listening");
    if (v["as"]) e.as = r.str(v["as"], "as");
    return e;
}

step_body read_connect_many(step_reader& r, const YAML::Node& v) {
    engine::connect_many_step e;
    e.like = r.connect(v, true);
    if (!v["count"]) r.fail(v, "connect_many needs a count");
    e.count = r.number<std::size_t>(v["count"], "count");
    if (e.count == 0 || e.count > max_connect_many)
        r.fail(v["count"], "count must be between 1 and " + std::to_string(max_connect_many));
    if (v["prefix"]) e.prefix = r.str(v["prefix"], "prefix");
    if (v["sequential"]) e.sequential = r.flag(v["sequential"], "sequential");
    if (v["within"]) e.within = r.duration(v["within"], "within");
    return e;
}

step_body read_expect_distribution(step_reader& r, const YAML::Node& v) {
    r.only_keys(v, {"prefix", "counts", "tolerance", "order", "never", "includes", "one_backend", "within"});
    engine::expect_distribution_step e;
    if (v["prefix"]) e.prefix = r.str(v["prefix"], "prefix");
    if (v["counts"]) {
        if (!v["counts"].IsMap()) r.fail(v["counts"], "counts must map backend ids to numbers");
        for (const auto& kv : v["counts"])
            e.counts.emplace_back(kv.first.as<std::string>(), r.number<std::size_t>(kv.second, "count"));
    }
    if (v["tolerance"]) e.tolerance = r.number<std::size_t>(v["tolerance"], "tolerance");
    if (v["order"]) e.order = r.strings(v["order"], "order");
    if (v["never"]) e.never = r.strings(v["never"], "never");
    if (v["includes"]) e.includes = r.strings(v["includes"], "includes");
    if (v["one_backend"]) e.one_backend = r.flag(v["one_backend"], "one_backend");
    if (v["within"]) e.within = r.duration(v["within"], "within");
    return e;
}

step_body read_load(step_reader& r, const YAML::Node& v) {
    r.only_keys(v, {"url", "connections", "messages", "size", "within"});
    engine::load_step e;
    e.url = r.url(v, "load");
    if (v["connections"]) e.connections = r.number<std::uint32_t>(v["connections"], "connections");
    if (e.connections == 0 || e.connections > max_load_connections)
        r.fail(v["connections"], "connections must be between 1 and " + std::to_string(max_load_connections) +
                                     " (wsgate load goes further)");
    if (v["messages"]) e.messages = r.number<std::uint64_t>(v["messages"], "messages");
    if (e.messages == 0 || e.messages > max_load_messages)
        r.fail(v["messages"], "messages must be between 1 and " + std::to_string(max_load_messages));
    if (v["size"]) e.size = r.number<std::size_t>(v["size"], "size");
    if (e.size > max_load_message_size)
        r.fail(v["size"], "size is limited to " + std::to_string(max_load_message_size >> 20) + " MiB per message");
    if (v["within"]) e.within = r.duration(v["within"], "within");
    return e;
}

step_body read_sleep(step_reader& r, const YAML::Node& v) {
    const auto d = r.duration(v, "sleep");
    if (d > max_sleep) r.fail(v, "sleep is limited to " + std::to_string(max_sleep.count()) + "m");
    return engine::sleep_step{d};
}

step_body read_repeat(step_reader& r, const YAML::Node& v) {
    r.only_keys(v, {"count", "steps"});
    engine::repeat_step e;
    if (!v["count"] || !v["steps"]) r.fail(v, "repeat needs count and steps");
    e.count = r.number<std::size_t>(v["count"], "count");
    if (e.count > max_repeat) r.fail(v["count"], "repeat count is limited to " + std::to_string(max_repeat));
    e.steps = r.steps(v["steps"]);
    return e;
}

std::string known_kinds() {
    std::string out;
    for (const auto& [name, read] : step_table()) out += (out.empty() ? "" : ", ") + std::string(name);
    return out;
}

}  // namespace

const std::vector<std::pair<std::string_view, step_read>>& step_table() {
    static const std::vector<std::pair<std::string_view, step_read>> table = {
        {"connect", read_connect},
        {"expect_handshake", read_expect_handshake},
        {"send", read_send},
        {"expect", read_expect},
        {"backend_saw", read_backend_saw},
        {"backend", read_backend},
        {"connect_many", read_connect_many},
        {"expect_distribution", read_expect_distribution},
        {"load", read_load},
        {"sleep", read_sleep},
        {"repeat", read_repeat},
    };
    return table;
}

engine::step step_reader::step(const YAML::Node& n) {
    if (!n.IsMap() || n.size() != 1) fail(n, "a step is a mapping with exactly one key: the step's kind");
    const auto kind = n.begin()->first.as<std::string>();
    const auto& table = step_table();
    const auto entry = std::find_if(table.begin(), table.end(), [&](const auto& e) { return e.first == kind; });
    if (entry == table.end()) fail(n, "unknown step \"" + kind + "\" (known: " + known_kinds() + ")");
    engine::step s;
    s.name = kind;
    s.line = n.Mark().line + 1;
    s.body = entry->second(*this, n.begin()->second);
    return s;
}

std::vector<engine::step> step_reader::steps(const YAML::Node& n) {
    if (!n.IsSequence()) fail(n, "steps must be a list");
    std::vector<engine::step> out;
    const bool top_level = depth_++ == 0;
    int index = 0;
    for (const auto& item : n) {
        if (top_level) set_step(++index, item.IsMap() && item.size() == 1 ? item.begin()->first.as<std::string>() : "");
        out.push_back(step(item));
    }
    --depth_;
    if (top_level) set_step(0, {});
    return out;
}

}  // namespace wsgate::scenario
