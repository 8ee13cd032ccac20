#include "engine/step_impl.hpp"

#include "engine/step_failure.hpp"
#include "engine/wire.hpp"

#include "wsgate/ascii.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>

namespace wsgate::engine {

namespace {

std::string text_of(const boost::json::object& o, const char* key) {
    const auto* v = o.if_contains(key);
    if (!v) return {};
    if (v->is_string()) return std::string(v->as_string());
    return boost::json::serialize(*v);
}

std::vector<std::pair<std::string, std::string>> headers_of(const boost::json::object& o) {
    std::vector<std::pair<std::string, std::string>> headers;
    if (const auto* list = o.if_contains("headers"); list && list->is_array()) {
        for (const auto& pair : list->as_array()) {
            if (!pair.is_array() || pair.as_array().size() != 2) continue;
            headers.emplace_back(std::string(pair.as_array()[0].as_string()),
                                 std::string(pair.as_array()[1].as_string()));
        }
    }
    return headers;
}

void check_field(const boost::json::object& o, const char* key, const std::optional<std::string>& want,
                 const std::string& what, const environment& env) {
    if (!want) return;
    const auto got = text_of(o, key);
    const auto expected = env.expand(*want);
    if (got != expected) throw step_failure("the backend saw a different " + what, expected, got);
}

// "text fin", "continuation fin rsv1", "ping fin masked": the shape of one
// frame as the backend reported it.
std::string shape(const boost::json::value& f) {
    static const char* names[] = {"continuation", "text", "binary", "op3", "op4", "op5", "op6", "op7",
                                  "close",        "ping", "pong",   "opB", "opC", "opD", "opE", "opF"};
    const auto& o = f.as_object();
    std::string text = names[o.at("opcode").to_number<int>() & 15];
    if (o.at("fin").as_bool()) text += " fin";
    for (const char* bit : {"rsv1", "rsv2", "rsv3"})
        if (o.at(bit).as_bool()) text += std::string(" ") + bit;
    return text;
}

std::chrono::milliseconds time_left(const case_state& s, std::chrono::milliseconds cap) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(s.deadline - clock::now());
    return std::clamp(left, std::chrono::milliseconds{0}, cap);
}

}  // namespace

void do_backend_saw(case_state& s, const backend_saw_step& st) {
    const auto json = ask_backend(s, st.as, "wsgate:request", st.within);
    if (!json.is_object()) throw step_failure("the backend's wsgate:request answer is not an object");
    const auto& o = json.as_object();
    check_field(o, "method", st.method, "method", s.env());
    check_field(o, "target", st.target, "request target", s.env());
    check_field(o, "version", st.version, "HTTP version", s.env());
    check_field(o, "backend", st.backend, "backend id (which backend served the connection)", s.env());
    if (!st.backend_in.empty()) {
        const auto got = text_of(o, "backend");
        if (std::find(st.backend_in.begin(), st.backend_in.end(), got) == st.backend_in.end()) {
            std::string allowed;
            for (const auto& id : st.backend_in) allowed += (allowed.empty() ? "one of " : ", ") + id;
            throw step_failure("a backend the route does not name served the connection", allowed, got);
        }
    }
    check_field(o, "remote_addr", st.remote_addr, "client address", s.env());
    const auto headers = headers_of(o);
    check_headers(headers, st.headers, "the request the backend received", s.env());
    for (const auto& name : st.header_case) {
        bool exact = false;
        std::string spelled;
        for (const auto& [n, v] : headers) {
            if (n == name) exact = true;
            if (ascii::iequals(n, name)) spelled = n;
        }
        if (!exact)
            throw step_failure("the backend saw the header spelled differently", name,
                               spelled.empty() ? "no such header" : spelled);
    }
    if (!st.header_order.empty()) {
        std::string seen;
        std::size_t next = 0;
        for (const auto& [n, v] : headers) {
            if (next < st.header_order.size() && ascii::iequals(n, st.header_order[next])) ++next;
            seen += n + " ";
        }
        if (next != st.header_order.size()) {
            std::string want;
            for (const auto& n : st.header_order) want += n + " ";
            throw step_failure("the backend saw headers in another order", want + "(in this relative order)", seen);
        }
    }
    if (st.frames) {
        const auto list = ask_backend(s, st.as, "wsgate:frames", st.within);
        if (!list.is_array()) throw step_failure("the backend's wsgate:frames answer is not a list");
        std::vector<std::string> got;
        for (const auto& f : list.as_array()) got.push_back(shape(f));
        // The wsgate:request and wsgate:frames messages of this step are
        // frames the backend saw too; they are not part of the comparison.
        const std::size_t own = 2;
        if (got.size() >= own) got.resize(got.size() - own);
        if (got != *st.frames) {
            std::string want_text, got_text;
            for (const auto& f : *st.frames) want_text += "[" + f + "] ";
            for (const auto& f : got) got_text += "[" + f + "] ";
            throw step_failure("the backend saw other frames", want_text, got_text);
        }
    }
}

void do_backend(case_state& s, const backend_step& st) {
    using kind = backend_step::kind;
    if (st.what == kind::control) {
        if (!s.env().backends) throw step_skip("the target's backends are not wsgate-echo (no control messages)");
        auto& c = s.get(st.as);
        c.send_frame(client::client_frame(ws::op::text), st.message);
        return;
    }
    if (!s.env().backends) throw step_skip("backend faults need backends that wsgate started");
    try {
        switch (st.what) {
            case kind::kill: s.env().backends->kill(st.backend); break;
            case kind::restart:
                // The limit of a first start, and no more than what is left of the case.
                s.env().backends->restart(st.backend, time_left(s, topology::backend_start_limit));
                break;
            case kind::stop_listening: s.env().backends->stop_listening(st.backend); break;
            case kind::control: break;
        }
    } catch (const std::invalid_argument& e) {
        throw step_failure(e.what());
    } catch (const topology::start_error& e) {
        throw step_failure(std::string("restarting the backend failed: ") + e.what());
    }
}

}  // namespace wsgate::engine
