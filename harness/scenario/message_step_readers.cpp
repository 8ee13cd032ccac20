// The readers of send and expect: each takes exactly one kind of message.
#include "scenario/step_readers.hpp"

namespace wsgate::scenario {

namespace {

// Each key present among a step's kinds sets the kind; the step needs exactly one.
template <class Kind>
class exactly_one {
public:
    exactly_one(const YAML::Node& step, Kind& kind) : step_(step), kind_(kind) {}
    // True when key is present: it is the step's kind.
    bool operator()(const char* key, Kind what) {
        if (!step_[key]) return false;
        kind_ = what;
        ++count_;
        return true;
    }
    int count() const { return count_; }

private:
    const YAML::Node& step_;
    Kind& kind_;
    int count_ = 0;
};

}  // namespace

step_body read_send(step_reader& r, const YAML::Node& v) {
    r.only_keys(v, {"as", "text", "binary", "text_size", "binary_size", "ping", "pong", "close", "frames", "raw",
                    "half_close", "reset", "write_size", "one_write"});
    engine::send_step e;
    using k = engine::send_step::kind;
    exactly_one<k> take(v, e.what);
    if (take("text", k::text)) e.payload = r.str(v["text"], "text");
    if (take("binary", k::binary)) e.payload = r.bytes(v["binary"], "binary");
    if (take("text_size", k::text)) e.size = r.number<std::uint64_t>(v["text_size"], "text_size");
    if (take("binary_size", k::binary)) e.size = r.number<std::uint64_t>(v["binary_size"], "binary_size");
    if (take("ping", k::ping)) e.payload = r.bytes(v["ping"], "ping");
    if (take("pong", k::pong)) e.payload = r.bytes(v["pong"], "pong");
    if (take("close", k::close)) {
        const auto c = r.close(v["close"]);
        e.close_code = c.code;
        e.close_reason = c.reason.value_or("");
    }
    if (take("frames", k::frames)) {
        if (!v["frames"].IsSequence()) r.fail(v["frames"], "frames must be a list");
        for (const auto& f : v["frames"]) e.frames.push_back(r.frame(f));
    }
    if (take("raw", k::raw)) e.payload = r.bytes(v["raw"], "raw");
    take("half_close", k::half_close);
    take("reset", k::reset);
    if (take.count() != 1)
        r.fail(v, "send needs exactly one of text, binary, text_size, binary_size, ping, pong, close, frames, raw, "
                  "half_close, reset");
    if (v["as"]) e.as = r.str(v["as"], "as");
    if (v["write_size"]) e.write_size = r.number<std::size_t>(v["write_size"], "write_size");
    if (v["one_write"]) e.in_one_write = r.flag(v["one_write"], "one_write");
    return e;
}

step_body read_expect(step_reader& r, const YAML::Node& v) {
    r.only_keys(v, {"as", "text", "binary", "message", "echo", "size", "sha256", "generated", "fragments",
                    "compressed", "pong", "ping", "close", "tcp_closed", "silence", "count", "within"});
    engine::expect_step e;
    using k = engine::expect_step::kind;
    exactly_one<k> take(v, e.what);
    if (take("text", k::text)) e.equals = r.str(v["text"], "text");
    if (take("binary", k::binary)) e.equals = r.bytes(v["binary"], "binary");
    if (v["message"]) {
        const auto t = r.str(v["message"], "message");
        if (t != "text" && t != "binary" && t != "any") r.fail(v["message"], "message must be text, binary or any");
        take("message", t == "text" ? k::text : t == "binary" ? k::binary : k::message);
    }
    if (v["echo"]) {
        e.echo = r.flag(v["echo"], "echo");
        if (!v["text"] && !v["binary"] && !v["message"]) take("echo", k::message);
    }
    if (take("pong", k::pong) && !v["pong"].IsNull()) e.equals = r.bytes(v["pong"], "pong");
    if (take("ping", k::ping) && !v["ping"].IsNull()) e.equals = r.bytes(v["ping"], "ping");
    if (take("close", k::close)) {
        const auto c = r.close(v["close"]);
        e.close_code = c.code;
        e.close_reason = c.reason;
    }
    take("tcp_closed", k::tcp_closed);
    if (take("silence", k::silence)) e.within = r.duration(v["silence"], "silence");
    if (take.count() != 1)
        r.fail(v, "expect needs exactly one of text, binary, message, echo, pong, ping, close, tcp_closed, silence");
    if (v["size"]) e.size = r.number<std::uint64_t>(v["size"], "size");
    if (v["sha256"]) e.sha256 = r.str(v["sha256"], "sha256");
    if (v["generated"]) e.generated = r.flag(v["generated"], "generated");
    if (v["fragments"]) e.fragments = r.number<std::size_t>(v["fragments"], "fragments");
    if (v["compressed"]) e.compressed = r.flag(v["compressed"], "compressed");
    if (v["count"]) e.count = r.number<std::size_t>(v["count"], "count");
    if (v["as"]) e.as = r.str(v["as"], "as");
    if (v["within"]) {
        if (e.what == k::silence) r.fail(v["within"], "silence already says how long");
        e.within = r.duration(v["within"], "within");
    }
    return e;
}

}  // namespace wsgate::scenario
