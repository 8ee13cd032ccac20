#include "engine/wire.hpp"

#include "client/pump.hpp"
#include "engine/step_failure.hpp"

#include "wsgate/deflate.hpp"

#include <boost/json/parse.hpp>


namespace wsgate::engine {

namespace {

// Long waits go in slices of this, so Ctrl-C ends one within a tenth of a second.
constexpr ms interrupt_slice{100};

std::string state_name(const client::connection& c) {
    using st = client::connection::state;
    switch (c.current()) {
        case st::idle: return "not started";
        case st::connecting: return "still connecting";
        case st::handshaking: return "waiting for the handshake answer";
        case st::open: return "open";
        case st::http: return "HTTP (no WebSocket)";
        case st::failed: return "failed: " + c.error();
        case st::closed: return "closed";
    }
    return "unknown";
}

std::string received_summary(const client::connection& c) {
    std::string text = state_name(c);
    if (c.peer_closed()) text += c.was_reset() ? ", reset by peer" : ", TCP closed by peer";
    if (c.protocol_error() != ws::violation::none)
        text += ", server broke RFC 6455 (" + std::string(ws::describe(c.protocol_error())) + ")";
    return text;
}

// Waits for done, an interrupt slice at a time.
bool pump(case_state& s, const std::function<bool()>& done, ms within) {
    const auto deadline = std::min(clock::now() + within, s.deadline);
    while (true) {
        const auto slice_end = std::min(deadline, clock::now() + interrupt_slice);
        if (client::pump_until(s.ioc(), done, slice_end)) return true;
        if (clock::now() < slice_end) return done();  // nothing pending: nothing can change
        if (clock::now() >= deadline) return false;
        if (s.env().interrupted && s.env().interrupted()) throw step_skip("interrupted");
    }
}

// The connection's inflater is created when its first compressed message arrives.
std::string inflate_message(case_state& s, const std::string& name, client::connection& c, const std::string& payload) {
    auto& slot = s.inflaters[name];
    if (!slot) {
        const auto answer = c.responses().empty() ? std::nullopt
                                                   : c.responses().front().joined("Sec-WebSocket-Extensions");
        const auto params = answer ? ws::parse_deflate_response(*answer) : std::nullopt;
        if (!params) throw step_failure("a compressed message arrived but permessage-deflate was not negotiated");
        slot = std::make_unique<ws::inflater>(params->server_max_window_bits, params->server_no_context_takeover);
    }
    auto out = slot->inflate(payload, client::max_message_size);
    if (!out) throw step_failure("a compressed message did not inflate (invalid DEFLATE data)");
    return *out;
}

}  // namespace

std::string preview(std::string_view payload, std::size_t max) {
    std::string out;
    for (unsigned char ch : payload.substr(0, max)) {
        if (ch >= 0x20 && ch < 0x7f) {
            out += static_cast<char>(ch);
        } else {
            static constexpr char hex[] = "0123456789abcdef";
            out += "\\x";
            out += hex[ch >> 4];
            out += hex[ch & 15];
        }
    }
    if (payload.size() > max) out += "... (" + std::to_string(payload.size()) + " bytes)";
    return out;
}

void wait_handshake(case_state& s, const std::string& name, ms within) {
    auto& c = s.get(name);
    if (!pump(s, [&c] { return c.finished_connecting(); }, within))
        throw step_failure("no handshake answer within " + std::to_string(within.count()) + " ms",
                           "an HTTP response", received_summary(c));
    if (c.current() != client::connection::state::failed)
        s.handshake_ms.push_back(static_cast<double>(
                                     (c.stream().timings().tcp + c.stream().timings().tls + c.upgrade_time()).count()) /
                                 1000.0);
}

message take_message(case_state& s, const std::string& name, ms within) {
    auto& c = s.get(name);
    message m;
    // Scans the queue for a complete message without taking control frames.
    auto complete = [&c] {
        for (const auto& f : c.frames()) {
            if (ws::is_control(f.frame.header.opcode)) continue;
            if (f.frame.header.fin) return true;
        }
        return false;
    };
    if (!pump(s, complete, within)) {
        std::string pending;
        for (const auto& f : c.frames()) pending += client::describe_frame(f.frame.header, f.frame.payload) + "; ";
        throw step_failure("no complete message within " + std::to_string(within.count()) + " ms", "a message",
                           (pending.empty() ? "nothing" : "frames: " + pending) + " (" + received_summary(c) + ")");
    }
    auto& q = c.frames();
    std::deque<client::received_frame> controls;
    while (!q.empty()) {
        auto f = std::move(q.front());
        q.pop_front();
        if (ws::is_control(f.frame.header.opcode)) {
            controls.push_back(std::move(f));
            continue;
        }
        if (m.frames == 0) {
            m.opcode = f.frame.header.opcode;
            m.compressed = f.frame.header.rsv1;
        }
        ++m.frames;
        m.payload += f.frame.payload;
        m.at = f.at;
        if (f.frame.header.fin) break;
    }
    for (auto it = controls.rbegin(); it != controls.rend(); ++it) q.push_front(std::move(*it));
    if (m.compressed) m.payload = inflate_message(s, name, c, m.payload);
    if (auto sent = s.last_send.find(name); sent != s.last_send.end())
        s.round_trip_ms.push_back(std::chrono::duration<double, std::milli>(m.at - sent->second).count());
    return m;
}

ws::frame take_control(case_state& s, const std::string& name, std::uint8_t opcode, ms within) {
    auto& c = s.get(name);
    auto found = [&c, opcode] {
        for (const auto& f : c.frames())
            if (f.frame.header.opcode == opcode) return true;
        return false;
    };
    const char* what = opcode == ws::op::close ? "close frame" : opcode == ws::op::ping ? "ping" : "pong";
    if (!pump(s, found, within)) {
        std::string pending;
        for (const auto& f : c.frames()) pending += client::describe_frame(f.frame.header, f.frame.payload) + "; ";
        throw step_failure(std::string("no ") + what + " within " + std::to_string(within.count()) + " ms",
                           std::string("a ") + what,
                           (pending.empty() ? "nothing" : "frames: " + pending) + " (" + received_summary(c) + ")");
    }
    auto& q = c.frames();
    for (auto it = q.begin(); it != q.end(); ++it) {
        if (it->frame.header.opcode != opcode) continue;
        auto f = std::move(it->frame);
        q.erase(it);
        return f;
    }
    throw step_failure(std::string("the ") + what + " vanished from the queue");
}

void wait_tcp_closed(case_state& s, const std::string& name, ms within) {
    auto& c = s.get(name);
    if (!pump(s, [&c] { return c.peer_closed(); }, within))
        throw step_failure("the connection was still open after " + std::to_string(within.count()) + " ms",
                           "TCP closed by the proxy", received_summary(c));
}

void pause(case_state& s, ms how_long) {
    const auto until = std::min(clock::now() + how_long, s.deadline);
    while (clock::now() < until) {
        client::pump_for(s.ioc(), std::min<clock::duration>(until - clock::now(), interrupt_slice));
        if (s.env().interrupted && s.env().interrupted()) throw step_skip("interrupted");
    }
}

void expect_silence(case_state& s, const std::string& name, ms how_long) {
    auto& c = s.get(name);
    const auto before = c.frames().size();
    const auto raw_before = c.raw_received().size();
    const bool closed_before = c.peer_closed();
    pause(s, how_long);
    if (!closed_before && c.peer_closed())
        throw step_failure("the connection was closed during " + std::to_string(how_long.count()) +
                               " ms of expected silence",
                           "nothing", "TCP closed; " + received_summary(c));
    if (c.frames().size() != before || c.raw_received().size() != raw_before) {
        std::string got;
        for (std::size_t i = before; i < c.frames().size(); ++i)
            got += client::describe_frame(c.frames()[i].frame.header, c.frames()[i].frame.payload) + "; ";
        throw step_failure("something arrived during " + std::to_string(how_long.count()) + " ms of expected silence",
                           "nothing", got.empty() ? preview(c.raw_received().substr(raw_before)) : got);
    }
}

boost::json::value ask_backend(case_state& s, const std::string& name, const std::string& control, ms within) {
    if (!s.env().backends) throw step_skip("the target's backends are not wsgate-echo (no introspection)");
    auto& c = s.get(name);
    if (c.current() != client::connection::state::open)
        throw step_failure("cannot ask the backend: the connection is " + state_name(c));
    c.send_frame(client::client_frame(ws::op::text), control);
    const auto reply = take_message(s, name, within);
    boost::system::error_code ec;
    auto json = boost::json::parse(reply.payload, ec);
    if (ec)
        throw step_failure("the backend's answer to " + control + " is not JSON (an echo still in flight?)",
                           "JSON", preview(reply.payload));
    return json;
}

}  // namespace wsgate::engine
