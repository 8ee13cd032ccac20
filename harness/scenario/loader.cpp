#include "scenario/loader.hpp"

#include "scenario/yaml_documents.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

namespace wsgate::scenario {

namespace {

using engine::ms;
namespace fs = std::filesystem;

class reader {
public:
    reader(std::string file, std::string group) : file_(std::move(file)), group_(std::move(group)) {}

    scenario_case read_case(const YAML::Node& doc);

private:
    [[noreturn]] void fail(const YAML::Node& at, const std::string& message) const {
        std::string where = file_;
        if (at.IsDefined() && at.Mark().line >= 0) where += ":" + std::to_string(at.Mark().line + 1);
        where += ": ";
        if (!case_id_.empty()) where += "case " + case_id_;
        if (step_index_ > 0) where += ", step " + std::to_string(step_index_) + " (" + step_kind_ + ")";
        if (!case_id_.empty()) where += ": ";
        throw scenario_error(where + message);
    }

    void only_keys(const YAML::Node& map, std::initializer_list<const char*> known) const {
        if (!map.IsMap()) fail(map, "expected a mapping of keys");
        for (const auto& kv : map) {
            const auto key = kv.first.as<std::string>();
            if (std::none_of(known.begin(), known.end(), [&](const char* k) { return key == k; })) {
                std::string list;
                for (const char* k : known) list += (list.empty() ? "" : ", ") + std::string(k);
                fail(kv.first, "unknown key \"" + key + "\" (known: " + list + ")");
            }
        }
    }

    std::string str(const YAML::Node& n, const char* what) const {
        if (!n.IsScalar()) fail(n, std::string(what) + " must be a single value");
        return n.Scalar();
    }
    template <class T>
    T number(const YAML::Node& n, const char* what) const {
        const auto text = str(n, what);
        T value{};
        const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec != std::errc{} || ptr != text.data() + text.size())
            fail(n, std::string(what) + " must be a whole number, not \"" + text + "\"");
        return value;
    }
    bool flag(const YAML::Node& n, const char* what) const {
        const auto text = str(n, what);
        if (text == "true" || text == "yes") return true;
        if (text == "false" || text == "no") return false;
        fail(n, std::string(what) + " must be true or false, not \"" + text + "\"");
    }
    ms duration(const YAML::Node& n, const char* what) const {
        try {
            return parse_duration(str(n, what));
        } catch (const std::invalid_argument& e) {
            fail(n, std::string(what) + ": " + e.what());
        }
    }
    std::vector<std::string> strings(const YAML::Node& n, const char* what) const {
        if (n.IsScalar()) return {n.Scalar()};
        if (!n.IsSequence()) fail(n, std::string(what) + " must be a list");
        std::vector<std::string> out;
        for (const auto& item : n) out.push_back(str(item, what));
        return out;
    }
    // Text as written, "hex:00ff10", or "repeat:N:TEXT" (TEXT N times: long
    // header values and request lines without pasting them into the file).
    std::string bytes(const YAML::Node& n, const char* what) const {
        auto text = str(n, what);
        if (text.starts_with("repeat:")) {
            const auto colon = text.find(':', 7);
            std::size_t count = 0;
            const auto [ptr, ec] = std::from_chars(text.data() + 7, text.data() + std::min(colon, text.size()), count);
            if (colon == std::string::npos || ec != std::errc{} || ptr != text.data() + colon || colon + 1 == text.size())
                fail(n, std::string(what) + ": repeat: needs a count and text, as repeat:9000:a");
            if (count > (64u << 20)) fail(n, std::string(what) + ": repeat: more than 64 MiB");
            std::string out;
            const auto unit = text.substr(colon + 1);
            out.reserve(count * unit.size());
            for (std::size_t i = 0; i < count; ++i) out += unit;
            return out;
        }
        if (!text.starts_with("hex:")) return text;
        std::string out;
        std::string digits;
        for (char c : text.substr(4))
            if (!std::isspace(static_cast<unsigned char>(c))) digits += c;
        if (digits.size() % 2) fail(n, std::string(what) + ": odd number of hex digits");
        for (std::size_t i = 0; i < digits.size(); i += 2) {
            unsigned v = 0;
            const auto [ptr, ec] = std::from_chars(digits.data() + i, digits.data() + i + 2, v, 16);
            if (ec != std::errc{} || ptr != digits.data() + i + 2) fail(n, std::string(what) + ": bad hex digits");
            out += static_cast<char>(v);
        }
        return out;
    }

    std::vector<engine::header_expectation> header_checks(const YAML::Node& m);
    client::tls_options tls(const YAML::Node& n);
    engine::connect_step connect(const YAML::Node& n, bool many_fields);
    engine::frame_spec frame(const YAML::Node& n);
    engine::step step(const YAML::Node& n);
    std::vector<engine::step> steps(const YAML::Node& n);

    std::string file_;
    std::string group_;
    std::string case_id_;
    int step_index_ = 0;
    std::string step_kind_;
    int depth_ = 0;
};

std::vector<engine::header_expectation> reader::header_checks(const YAML::Node& m) {
    using kind = engine::header_expectation::kind;
    std::vector<engine::header_expectation> out;
    auto add_map = [&](const char* key, kind how) {
        if (!m[key]) return;
        if (!m[key].IsMap()) fail(m[key], std::string(key) + " must map header names to values");
        for (const auto& kv : m[key]) out.push_back({kv.first.as<std::string>(), how, str(kv.second, key)});
    };
    auto add_list = [&](const char* key, kind how) {
        if (!m[key]) return;
        for (const auto& name : strings(m[key], key)) out.push_back({name, how, {}});
    };
    add_map("headers", kind::equals);
    add_list("present", kind::present);
    add_list("absent", kind::absent);
    add_map("matches", kind::matches);
    add_map("contains", kind::contains);
    return out;
}

client::tls_options reader::tls(const YAML::Node& n) {
    only_keys(n, {"sni", "ca", "verify", "verify_host", "cert", "key", "min_version", "max_version", "ciphers",
                  "reuse_session", "session_key"});
    client::tls_options o;
    if (n["sni"]) o.sni = str(n["sni"], "sni");
    if (n["ca"]) o.ca_file = str(n["ca"], "ca");
    if (n["verify"]) o.verify = flag(n["verify"], "verify");
    if (n["verify_host"]) o.verify_host = str(n["verify_host"], "verify_host");
    if (n["cert"]) o.cert_file = str(n["cert"], "cert");
    if (n["key"]) o.key_file = str(n["key"], "key");
    for (const char* v : {"min_version", "max_version"}) {
        if (!n[v]) continue;
        const auto text = str(n[v], v);
        if (text != "TLSv1" && text != "TLSv1.1" && text != "TLSv1.2" && text != "TLSv1.3")
            fail(n[v], std::string(v) + " must be TLSv1, TLSv1.1, TLSv1.2 or TLSv1.3");
        (std::string(v) == "min_version" ? o.min_version : o.max_version) = text;
    }
    if (n["ciphers"]) o.ciphers = str(n["ciphers"], "ciphers");
    if (n["reuse_session"]) o.reuse_session = flag(n["reuse_session"], "reuse_session");
    if (n["session_key"]) o.session_key = str(n["session_key"], "session_key");
    return o;
}

engine::connect_step reader::connect(const YAML::Node& n, bool many_fields) {
    if (many_fields)
        only_keys(n, {"url", "method", "version", "headers", "subprotocols", "extensions", "tls", "source", "within",
                      "count", "prefix", "sequential"});
    else
        only_keys(n, {"as", "url", "method", "version", "headers", "subprotocols", "extensions", "tls", "raw",
                      "tcp_only", "listener", "source", "within"});
    engine::connect_step c;
    if (!n["url"]) fail(n, "connect needs a url (ws://api.example.com/... or wss://...)");
    c.url = str(n["url"], "url");
    if (!c.url.starts_with("ws://") && !c.url.starts_with("wss://"))
        fail(n["url"], "url must start with ws:// or wss://");
    if (n["as"]) c.as = str(n["as"], "as");
    if (n["method"]) c.method = str(n["method"], "method");
    if (n["version"]) c.version = str(n["version"], "version");
    if (n["headers"]) {
        if (!n["headers"].IsMap()) fail(n["headers"], "headers must map names to values (null removes a default)");
        for (const auto& kv : n["headers"]) {
            const auto name = kv.first.as<std::string>();
            if (kv.second.IsNull()) c.headers.emplace_back(name, std::nullopt);
            else c.headers.emplace_back(name, bytes(kv.second, "header value"));
        }
    }
    if (n["subprotocols"]) c.subprotocols = strings(n["subprotocols"], "subprotocols");
    if (n["extensions"]) c.extensions = strings(n["extensions"], "extensions");
    if (n["tls"]) c.tls = tls(n["tls"]);
    if (n["raw"]) c.raw_request = bytes(n["raw"], "raw");
    if (n["tcp_only"]) c.tcp_only = flag(n["tcp_only"], "tcp_only");
    if (n["listener"]) {
        const auto l = str(n["listener"], "listener");
        if (l != "ws" && l != "wss") fail(n["listener"], "listener must be ws or wss");
        if (l == "wss" && !c.url.starts_with("ws://"))
            fail(n["listener"], "listener: wss with a wss:// URL is the default; use a ws:// URL to speak plain TCP to the TLS port");
        c.tls_listener = l == "wss";
    }
    if (n["source"]) c.source_address = str(n["source"], "source");
    if (n["within"]) c.within = duration(n["within"], "within");
    return c;
}

std::uint8_t opcode_of(const std::string& name, bool& ok) {
    static const std::map<std::string, std::uint8_t> names = {{"continuation", 0}, {"text", 1}, {"binary", 2},
                                                              {"close", 8},        {"ping", 9}, {"pong", 10}};
    ok = true;
    if (auto it = names.find(name); it != names.end()) return it->second;
    unsigned v = 16;
    const auto [ptr, ec] = std::from_chars(name.data(), name.data() + name.size(), v);
    ok = ec == std::errc{} && ptr == name.data() + name.size() && v < 16;
    return static_cast<std::uint8_t>(v);
}

engine::frame_spec reader::frame(const YAML::Node& n) {
    only_keys(n, {"opcode", "fin", "rsv1", "rsv2", "rsv3", "masked", "length", "payload", "size"});
    engine::frame_spec f;
    if (n["opcode"]) {
        bool ok = false;
        f.opcode = opcode_of(str(n["opcode"], "opcode"), ok);
        if (!ok) fail(n["opcode"], "opcode must be continuation, text, binary, close, ping, pong or 0-15");
    }
    if (n["fin"]) f.fin = flag(n["fin"], "fin");
    if (n["rsv1"]) f.rsv1 = flag(n["rsv1"], "rsv1");
    if (n["rsv2"]) f.rsv2 = flag(n["rsv2"], "rsv2");
    if (n["rsv3"]) f.rsv3 = flag(n["rsv3"], "rsv3");
    if (n["masked"]) f.masked = flag(n["masked"], "masked");
    if (n["length"]) f.length = number<std::uint64_t>(n["length"], "length");
    if (n["payload"]) f.payload = bytes(n["payload"], "payload");
    if (n["size"]) f.payload.assign(number<std::size_t>(n["size"], "size"), 'x');
    return f;
}

engine::step reader::step(const YAML::Node& n) {
    if (!n.IsMap() || n.size() != 1) fail(n, "a step is a mapping with exactly one key: the step's kind");
    const auto kind = n.begin()->first.as<std::string>();
    const YAML::Node v = n.begin()->second;
    if (depth_ == 0) step_kind_ = kind;
    engine::step s;
    s.name = kind;
    s.line = n.Mark().line + 1;

    if (kind == "connect") {
        s.body = connect(v, false);
    } else if (kind == "expect_handshake") {
        only_keys(v, {"as", "response", "status", "headers", "present", "absent", "matches", "contains", "location", "fails",
                      "tls_version", "session_reused", "body_contains", "body_lacks", "within"});
        engine::expect_handshake_step e;
        if (v["as"]) e.as = str(v["as"], "as");
        if (v["status"]) e.status = number<int>(v["status"], "status");
        if (v["response"]) e.response = std::max<std::size_t>(1, number<std::size_t>(v["response"], "response"));
        e.headers = header_checks(v);
        if (v["location"]) e.location = str(v["location"], "location");
        if (v["fails"]) e.fails = str(v["fails"], "fails");
        if (v["tls_version"]) e.tls_version = str(v["tls_version"], "tls_version");
        if (v["session_reused"]) e.session_reused = flag(v["session_reused"], "session_reused");
        if (v["body_contains"]) e.body_contains = str(v["body_contains"], "body_contains");
        if (v["body_lacks"]) e.body_lacks = str(v["body_lacks"], "body_lacks");
        if (v["within"]) e.within = duration(v["within"], "within");
        s.body = e;
    } else if (kind == "send") {
        only_keys(v, {"as", "text", "binary", "text_size", "binary_size", "ping", "pong", "close", "frames", "raw",
                      "half_close", "reset", "write_size", "one_write"});
        engine::send_step e;
        using k = engine::send_step::kind;
        int kinds = 0;
        if (v["text"]) { e.what = k::text; e.payload = str(v["text"], "text"); ++kinds; }
        if (v["binary"]) { e.what = k::binary; e.payload = bytes(v["binary"], "binary"); ++kinds; }
        if (v["text_size"]) { e.what = k::text; e.size = number<std::uint64_t>(v["text_size"], "text_size"); ++kinds; }
        if (v["binary_size"]) { e.what = k::binary; e.size = number<std::uint64_t>(v["binary_size"], "binary_size"); ++kinds; }
        if (v["ping"]) { e.what = k::ping; e.payload = bytes(v["ping"], "ping"); ++kinds; }
        if (v["pong"]) { e.what = k::pong; e.payload = bytes(v["pong"], "pong"); ++kinds; }
        if (v["close"]) {
            e.what = k::close;
            ++kinds;
            const auto c = v["close"];
            if (c.IsScalar()) {
                e.close_code = number<std::uint16_t>(c, "close");
            } else if (c.IsMap()) {
                only_keys(c, {"code", "reason"});
                if (c["code"]) e.close_code = number<std::uint16_t>(c["code"], "code");
                if (c["reason"]) e.close_reason = str(c["reason"], "reason");
            } else if (!c.IsNull()) {
                fail(c, "close is a code, {code, reason} or empty");
            }
        }
        if (v["frames"]) {
            e.what = k::frames;
            ++kinds;
            if (!v["frames"].IsSequence()) fail(v["frames"], "frames must be a list");
            for (const auto& f : v["frames"]) e.frames.push_back(frame(f));
        }
        if (v["raw"]) { e.what = k::raw; e.payload = bytes(v["raw"], "raw"); ++kinds; }
        if (v["half_close"]) { e.what = k::half_close; ++kinds; }
        if (v["reset"]) { e.what = k::reset; ++kinds; }
        if (kinds != 1)
            fail(v, "send needs exactly one of text, binary, text_size, binary_size, ping, pong, close, frames, raw, "
                    "half_close, reset");
        if (v["as"]) e.as = str(v["as"], "as");
        if (v["write_size"]) e.write_size = number<std::size_t>(v["write_size"], "write_size");
        if (v["one_write"]) e.in_one_write = flag(v["one_write"], "one_write");
        s.body = e;
    } else if (kind == "expect") {
        only_keys(v, {"as", "text", "binary", "message", "echo", "size", "sha256", "generated", "fragments",
                      "compressed", "pong", "ping", "close", "tcp_closed", "silence", "count", "within"});
        engine::expect_step e;
        using k = engine::expect_step::kind;
        int kinds = 0;
        if (v["text"]) { e.what = k::text; e.equals = str(v["text"], "text"); ++kinds; }
        if (v["binary"]) { e.what = k::binary; e.equals = bytes(v["binary"], "binary"); ++kinds; }
        if (v["message"]) {
            const auto t = str(v["message"], "message");
            if (t != "text" && t != "binary" && t != "any") fail(v["message"], "message must be text, binary or any");
            e.what = t == "text" ? k::text : t == "binary" ? k::binary : k::message;
            ++kinds;
        }
        if (v["echo"]) {
            e.echo = flag(v["echo"], "echo");
            if (!v["text"] && !v["binary"] && !v["message"]) { e.what = k::message; ++kinds; }
        }
        if (v["pong"]) { e.what = k::pong; if (!v["pong"].IsNull()) e.equals = bytes(v["pong"], "pong"); ++kinds; }
        if (v["ping"]) { e.what = k::ping; if (!v["ping"].IsNull()) e.equals = bytes(v["ping"], "ping"); ++kinds; }
        if (v["close"]) {
            e.what = k::close;
            ++kinds;
            const auto c = v["close"];
            if (c.IsScalar()) {
                e.close_code = number<std::uint16_t>(c, "close");
            } else if (c.IsMap()) {
                only_keys(c, {"code", "reason"});
                if (c["code"]) e.close_code = number<std::uint16_t>(c["code"], "code");
                if (c["reason"]) e.close_reason = str(c["reason"], "reason");
            }
        }
        if (v["tcp_closed"]) { e.what = k::tcp_closed; ++kinds; }
        if (v["silence"]) { e.what = k::silence; e.within = duration(v["silence"], "silence"); ++kinds; }
        if (kinds != 1)
            fail(v, "expect needs exactly one of text, binary, message, echo, pong, ping, close, tcp_closed, silence");
        if (v["size"]) e.size = number<std::uint64_t>(v["size"], "size");
        if (v["sha256"]) e.sha256 = str(v["sha256"], "sha256");
        if (v["generated"]) e.generated = flag(v["generated"], "generated");
        if (v["fragments"]) e.fragments = number<std::size_t>(v["fragments"], "fragments");
        if (v["compressed"]) e.compressed = flag(v["compressed"], "compressed");
        if (v["count"]) e.count = number<std::size_t>(v["count"], "count");
        if (v["as"]) e.as = str(v["as"], "as");
        if (v["within"]) {
            if (e.what == k::silence) fail(v["within"], "silence already says how long");
            e.within = duration(v["within"], "within");
        }
        s.body = e;
    } else if (kind == "backend_saw") {
        only_keys(v, {"as", "method", "target", "version", "backend", "remote_addr", "headers", "present", "absent",
                      "matches", "contains", "header_case", "header_order", "frames", "within"});
        engine::backend_saw_step e;
        if (v["as"]) e.as = str(v["as"], "as");
        if (v["method"]) e.method = str(v["method"], "method");
        if (v["target"]) e.target = str(v["target"], "target");
        if (v["version"]) e.version = str(v["version"], "version");
        if (v["backend"]) e.backend = str(v["backend"], "backend");
        if (v["remote_addr"]) e.remote_addr = str(v["remote_addr"], "remote_addr");
        e.headers = header_checks(v);
        if (v["header_case"]) e.header_case = strings(v["header_case"], "header_case");
        if (v["header_order"]) e.header_order = strings(v["header_order"], "header_order");
        if (v["frames"]) e.frames = strings(v["frames"], "frames");
        if (v["within"]) e.within = duration(v["within"], "within");
        s.body = e;
    } else if (kind == "backend") {
        only_keys(v, {"as", "control", "kill", "restart", "stop_listening"});
        engine::backend_step e;
        using k = engine::backend_step::kind;
        int kinds = 0;
        if (v["control"]) {
            e.what = k::control;
            e.message = str(v["control"], "control");
            if (!e.message.starts_with("wsgate:")) fail(v["control"], "control messages start with wsgate:");
            ++kinds;
        }
        if (v["kill"]) { e.what = k::kill; e.backend = str(v["kill"], "kill"); ++kinds; }
        if (v["restart"]) { e.what = k::restart; e.backend = str(v["restart"], "restart"); ++kinds; }
        if (v["stop_listening"]) { e.what = k::stop_listening; e.backend = str(v["stop_listening"], "stop_listening"); ++kinds; }
        if (kinds != 1) fail(v, "backend needs exactly one of control, kill, restart, stop_listening");
        if (v["as"]) e.as = str(v["as"], "as");
        s.body = e;
    } else if (kind == "connect_many") {
        engine::connect_many_step e;
        e.like = connect(v, true);
        if (!v["count"]) fail(v, "connect_many needs a count");
        e.count = number<std::size_t>(v["count"], "count");
        if (e.count == 0 || e.count > 2000) fail(v["count"], "count must be between 1 and 2000");
        if (v["prefix"]) e.prefix = str(v["prefix"], "prefix");
        if (v["sequential"]) e.sequential = flag(v["sequential"], "sequential");
        if (v["within"]) e.within = duration(v["within"], "within");
        s.body = e;
    } else if (kind == "expect_distribution") {
        only_keys(v, {"prefix", "counts", "tolerance", "order", "never", "includes", "within"});
        engine::expect_distribution_step e;
        if (v["prefix"]) e.prefix = str(v["prefix"], "prefix");
        if (v["counts"]) {
            if (!v["counts"].IsMap()) fail(v["counts"], "counts must map backend ids to numbers");
            for (const auto& kv : v["counts"])
                e.counts.emplace_back(kv.first.as<std::string>(), number<std::size_t>(kv.second, "count"));
        }
        if (v["tolerance"]) e.tolerance = number<std::size_t>(v["tolerance"], "tolerance");
        if (v["order"]) e.order = strings(v["order"], "order");
        if (v["never"]) e.never = strings(v["never"], "never");
        if (v["includes"]) e.includes = strings(v["includes"], "includes");
        if (v["within"]) e.within = duration(v["within"], "within");
        s.body = e;
    } else if (kind == "load") {
        only_keys(v, {"url", "connections", "messages", "size", "within"});
        engine::load_step e;
        if (!v["url"]) fail(v, "load needs a url");
        e.url = str(v["url"], "url");
        if (!e.url.starts_with("ws://") && !e.url.starts_with("wss://"))
            fail(v["url"], "url must start with ws:// or wss://");
        if (v["connections"]) e.connections = number<std::uint32_t>(v["connections"], "connections");
        if (e.connections == 0 || e.connections > 5000)
            fail(v["connections"], "connections must be between 1 and 5000 (wsgate load goes further)");
        if (v["messages"]) e.messages = number<std::uint64_t>(v["messages"], "messages");
        if (e.messages == 0 || e.messages > 100000) fail(v["messages"], "messages must be between 1 and 100000");
        if (v["size"]) e.size = number<std::size_t>(v["size"], "size");
        if (e.size > (1u << 20)) fail(v["size"], "size is limited to 1 MiB per message");
        if (v["within"]) e.within = duration(v["within"], "within");
        s.body = e;
    } else if (kind == "sleep") {
        const auto d = duration(v, "sleep");
        if (d > std::chrono::minutes(2)) fail(v, "sleep is limited to 2m");
        s.body = engine::sleep_step{d};
    } else if (kind == "repeat") {
        only_keys(v, {"count", "steps"});
        engine::repeat_step e;
        if (!v["count"] || !v["steps"]) fail(v, "repeat needs count and steps");
        e.count = number<std::size_t>(v["count"], "count");
        if (e.count > 10000) fail(v["count"], "repeat count is limited to 10000");
        ++depth_;
        e.steps = steps(v["steps"]);
        --depth_;
        s.body = std::move(e);
    } else {
        fail(n, "unknown step \"" + kind +
                    "\" (known: connect, expect_handshake, send, expect, backend_saw, backend, connect_many, "
                    "expect_distribution, load, sleep, repeat)");
    }
    return s;
}

std::vector<engine::step> reader::steps(const YAML::Node& n) {
    if (!n.IsSequence()) fail(n, "steps must be a list");
    std::vector<engine::step> out;
    int index = 0;
    for (const auto& item : n) {
        if (depth_ == 0) step_index_ = ++index;
        out.push_back(step(item));
    }
    if (depth_ == 0) step_index_ = 0;
    return out;
}

scenario_case reader::read_case(const YAML::Node& doc) {
    case_id_.clear();
    if (!doc.IsMap()) fail(doc, "a scenario document is a mapping (id, title, requirement, steps, ...)");
    if (doc["id"]) case_id_ = str(doc["id"], "id");
    only_keys(doc, {"id", "title", "requirement", "level", "tags", "targets", "skip", "timeout", "steps"});
    scenario_case c;
    for (const char* required : {"id", "title", "requirement", "steps"})
        if (!doc[required]) fail(doc, std::string("missing \"") + required + "\"");
    c.id = case_id_;
    c.group = group_;
    c.title = str(doc["title"], "title");
    c.requirement = str(doc["requirement"], "requirement");
    if (doc["level"]) {
        const auto level = str(doc["level"], "level");
        if (level == "required") c.severity = harness::report::level::required;
        else if (level == "recommended") c.severity = harness::report::level::recommended;
        else if (level == "informational") c.severity = harness::report::level::informational;
        else fail(doc["level"], "level must be required, recommended or informational");
    }
    if (doc["tags"]) c.tags = strings(doc["tags"], "tags");
    if (doc["targets"]) c.targets = strings(doc["targets"], "targets");
    if (doc["skip"]) c.skip = str(doc["skip"], "skip");
    if (doc["timeout"]) c.timeout = duration(doc["timeout"], "timeout");
    c.steps = steps(doc["steps"]);
    if (c.steps.empty()) fail(doc["steps"], "a case needs at least one step");
    c.file = file_;
    c.line = doc.Mark().line + 1;
    return c;
}

}  // namespace

std::chrono::milliseconds parse_duration(const std::string& text) {
    double value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || value < 0) throw std::invalid_argument("not a duration: \"" + text + "\" (use 250ms, 2s, 1m)");
    const std::string unit(ptr, static_cast<std::size_t>(text.data() + text.size() - ptr));
    double factor = 0;
    if (unit.empty() || unit == "ms") factor = 1;
    else if (unit == "s") factor = 1000;
    else if (unit == "m") factor = 60000;
    else throw std::invalid_argument("unknown unit in \"" + text + "\" (use ms, s or m)");
    return std::chrono::milliseconds(static_cast<long long>(value * factor));
}

std::vector<scenario_case> load_file(const fs::path& file, const std::string& group) {
    const auto docs = load_yaml_documents(file);
    reader r(file.string(), group);
    std::vector<scenario_case> cases;
    for (const auto& doc : docs) {
        if (doc.IsNull()) continue;
        try {
            cases.push_back(r.read_case(doc));
        } catch (const YAML::Exception& e) {
            throw scenario_error(file.string() + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
        }
    }
    return cases;
}

std::vector<scenario_case> load_tree(const fs::path& root) {
    std::vector<fs::path> files;
    if (fs::is_regular_file(root)) {
        files.push_back(root);
    } else {
        if (!fs::is_directory(root)) throw scenario_error(root.string() + ": no such scenario file or folder");
        for (const auto& entry : fs::recursive_directory_iterator(root))
            if (entry.is_regular_file() && entry.path().extension() == ".yaml") files.push_back(entry.path());
        std::sort(files.begin(), files.end());
    }
    std::vector<scenario_case> all;
    std::map<std::string, std::string> seen;
    for (const auto& file : files) {
        const auto base = fs::is_directory(root) ? root : root.parent_path();
        const auto rel = fs::relative(file.parent_path(), base).generic_string();
        for (auto& c : load_file(file, rel == "." ? std::string() : rel)) {
            if (auto [it, fresh] = seen.emplace(c.id, c.file + ":" + std::to_string(c.line)); !fresh)
                throw scenario_error(c.file + ":" + std::to_string(c.line) + ": case id \"" + c.id +
                                     "\" is already used at " + it->second);
            all.push_back(std::move(c));
        }
    }
    return all;
}

}  // namespace wsgate::scenario
