#include "scenario/field_reader.hpp"

#include "scenario/loader.hpp"

#include <algorithm>
#include <cctype>
#include <map>

namespace wsgate::scenario {

namespace {

constexpr std::string_view repeat_prefix = "repeat:";
constexpr std::string_view hex_prefix = "hex:";
// A repeat: string is built in memory; a case that needs more is a load.
constexpr std::size_t max_repeated_bytes = 64u << 20;
constexpr unsigned opcode_count = 16;

std::uint8_t opcode_of(const std::string& name, bool& ok) {
    static const std::map<std::string, std::uint8_t> names = {{"continuation", 0}, {"text", 1}, {"binary", 2},
                                                              {"close", 8},        {"ping", 9}, {"pong", 10}};
    ok = true;
    if (auto it = names.find(name); it != names.end()) return it->second;
    unsigned v = opcode_count;
    const auto [ptr, ec] = std::from_chars(name.data(), name.data() + name.size(), v);
    ok = ec == std::errc{} && ptr == name.data() + name.size() && v < opcode_count;
    return static_cast<std::uint8_t>(v);
}

}  // namespace

void field_reader::fail(const YAML::Node& at, const std::string& message) const {
    std::string where = file_;
    if (at.IsDefined() && at.Mark().line >= 0) where += ":" + std::to_string(at.Mark().line + 1);
    where += ": ";
    if (!case_id_.empty()) where += "case " + case_id_;
    if (step_index_ > 0) where += ", step " + std::to_string(step_index_);
    if (step_index_ > 0 && !step_kind_.empty()) where += " (" + step_kind_ + ")";
    if (!case_id_.empty()) where += ": ";
    throw scenario_error(where + message);
}

void field_reader::only_keys(const YAML::Node& map, std::initializer_list<const char*> known) const {
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

std::string field_reader::str(const YAML::Node& n, const char* what) const {
    if (!n.IsScalar()) fail(n, std::string(what) + " must be a single value");
    return n.Scalar();
}

bool field_reader::flag(const YAML::Node& n, const char* what) const {
    const auto text = str(n, what);
    if (text == "true" || text == "yes") return true;
    if (text == "false" || text == "no") return false;
    fail(n, std::string(what) + " must be true or false, not \"" + text + "\"");
}

engine::ms field_reader::duration(const YAML::Node& n, const char* what) const {
    try {
        return parse_duration(str(n, what));
    } catch (const std::invalid_argument& e) {
        fail(n, std::string(what) + ": " + e.what());
    }
}

std::vector<std::string> field_reader::strings(const YAML::Node& n, const char* what) const {
    if (n.IsScalar()) return {n.Scalar()};
    if (!n.IsSequence()) fail(n, std::string(what) + " must be a list");
    std::vector<std::string> out;
    for (const auto& item : n) out.push_back(str(item, what));
    return out;
}

std::string field_reader::bytes(const YAML::Node& n, const char* what) const {
    auto text = str(n, what);
    if (text.starts_with(repeat_prefix)) {
        const auto colon = text.find(':', repeat_prefix.size());
        std::size_t count = 0;
        const auto [ptr, ec] = std::from_chars(text.data() + repeat_prefix.size(),
                                               text.data() + std::min(colon, text.size()), count);
        if (colon == std::string::npos || ec != std::errc{} || ptr != text.data() + colon || colon + 1 == text.size())
            fail(n, std::string(what) + ": repeat: needs a count and text, as repeat:9000:a");
        const auto unit = text.substr(colon + 1);
        if (count > max_repeated_bytes / unit.size())
            fail(n, std::string(what) + ": repeat: more than " + std::to_string(max_repeated_bytes >> 20) + " MiB");
        std::string out;
        out.reserve(count * unit.size());
        for (std::size_t i = 0; i < count; ++i) out += unit;
        return out;
    }
    if (!text.starts_with(hex_prefix)) return text;
    std::string out;
    std::string digits;
    for (char c : text.substr(hex_prefix.size()))
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

close_fields field_reader::close(const YAML::Node& n) const {
    close_fields out;
    if (n.IsNull()) return out;
    if (n.IsScalar()) {
        out.code = number<std::uint16_t>(n, "close");
        return out;
    }
    if (!n.IsMap()) fail(n, "close is a code, {code, reason} or empty");
    only_keys(n, {"code", "reason"});
    if (n["code"]) out.code = number<std::uint16_t>(n["code"], "code");
    if (n["reason"]) out.reason = str(n["reason"], "reason");
    return out;
}

std::string field_reader::url(const YAML::Node& step, const char* step_kind) const {
    if (!step["url"]) fail(step, std::string(step_kind) + " needs a url (ws://api.example.com/... or wss://...)");
    auto text = str(step["url"], "url");
    // "{{endpoint:NAME}}" names an endpoint of the user's config (wsgate.yaml).
    const bool endpoint = text.starts_with(endpoint_url_prefix) && text.ends_with("}}");
    if (!endpoint && !text.starts_with("ws://") && !text.starts_with("wss://"))
        fail(step["url"], "url must start with ws:// or wss://, or be {{endpoint:NAME}}");
    return text;
}

std::vector<engine::header_expectation> field_reader::header_checks(const YAML::Node& m) const {
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

client::tls_options field_reader::tls(const YAML::Node& n) const {
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

engine::frame_spec field_reader::frame(const YAML::Node& n) const {
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

engine::connect_step field_reader::connect(const YAML::Node& n, bool many_fields) const {
    if (many_fields)
        only_keys(n, {"url", "method", "version", "headers", "subprotocols", "extensions", "tls", "source", "within",
                      "count", "prefix", "sequential"});
    else
        only_keys(n, {"as", "url", "method", "version", "headers", "subprotocols", "extensions", "tls", "raw",
                      "tcp_only", "listener", "source", "within"});
    engine::connect_step c;
    c.url = url(n, "connect");
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

}  // namespace wsgate::scenario
