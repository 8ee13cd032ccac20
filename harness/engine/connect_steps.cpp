#include "engine/step_impl.hpp"

#include "client/pump.hpp"
#include "client/request.hpp"
#include "engine/diagnose.hpp"
#include "engine/step_failure.hpp"
#include "engine/target_url.hpp"
#include "engine/wire.hpp"

#include "wsgate/ascii.hpp"
#include "wsgate/frame.hpp"

#include <regex>

namespace wsgate::engine {

namespace {

// A response body is quoted this far for a body check: the gist of an error page.
constexpr std::size_t body_preview_bytes = 300;
// After an unexpected status the head comes first; the body gets a little more room.
constexpr std::size_t status_body_preview_bytes = 400;

std::string headers_text(const std::vector<std::pair<std::string, std::string>>& headers) {
    std::string text;
    for (const auto& [n, v] : headers) text += n + ": " + v + "\n";
    return text.empty() ? "(no headers)" : text;
}

std::vector<std::string> values_of(const std::vector<std::pair<std::string, std::string>>& headers,
                                   const std::string& name) {
    std::vector<std::string> values;
    for (const auto& [n, v] : headers)
        if (ascii::iequals(n, name)) values.push_back(v);
    return values;
}

// Starts one connection as the step describes, without waiting.
std::shared_ptr<client::connection> start_connection(case_state& s, const std::string& name, const connect_step& st) {
    parsed_url url;
    try {
        url = bound_url(parse_url(st.url), s.env());
    } catch (const std::invalid_argument& e) {
        throw step_failure(e.what());
    }
    auto listener = url;
    if (st.tls_listener) listener.tls = *st.tls_listener;
    auto ep = endpoint_for(listener, s.env());
    ep.source_address = st.source_address;
    if (url.tls) {
        client::tls_options tls = st.tls.value_or(client::tls_options{});
        if (tls.ca_file.empty()) tls.ca_file = s.env().trust_anchor().string();
        if (s.env().insecure) tls.verify = false;
        ep.tls = tls;
    }
    auto c = s.add(name);
    if (st.tcp_only) {
        c->start_raw(ep);
        return c;
    }
    if (st.raw_request) {
        // Its bytes name the URL the case was written for.
        if (s.env().endpoint) throw step_skip("sends a raw request written for its own URL, not the endpoint's");
        s.keys.erase(name);
        c->start_handshake(ep, *st.raw_request);
        return c;
    }
    client::upgrade_request req;
    req.method = st.method;
    req.version = st.version;
    req.target = s.env().proxy.path_prefix.empty() ? url.target : s.env().proxy.path_prefix;
    s.paths[name] = req.target.substr(0, req.target.find('?'));
    req.host = url.authority();
    req.subprotocols = st.subprotocols;
    req.extensions = st.extensions;
    req.headers = st.headers;
    auto built = client::build_upgrade_request(req);
    s.keys[name] = built.key;
    c->start_handshake(ep, std::move(built.bytes));
    return c;
}

}  // namespace

void check_headers(const std::vector<std::pair<std::string, std::string>>& headers,
                   const std::vector<header_expectation>& wanted, const std::string& where, const environment& env) {
    using kind = header_expectation::kind;
    for (auto w : wanted) {
        w.value = env.expand(w.value);
        const auto values = values_of(headers, w.name);
        const std::string all = [&] {
            std::string joined;
            for (const auto& v : values) joined += (joined.empty() ? "" : ", ") + v;
            return joined;
        }();
        switch (w.how) {
            case kind::present:
                if (values.empty())
                    throw step_failure(where + " has no " + w.name + " header", w.name + ": (any value)",
                                       headers_text(headers));
                break;
            case kind::absent:
                if (!values.empty())
                    throw step_failure(where + " has a " + w.name + " header", "no " + w.name,
                                       w.name + ": " + all);
                break;
            case kind::equals: {
                bool match = false;
                for (const auto& v : values) match = match || v == w.value;
                if (!match)
                    throw step_failure(where + ": " + w.name + " differs", w.name + ": " + w.value,
                                       values.empty() ? "no " + w.name + " header" : w.name + ": " + all);
                break;
            }
            case kind::contains:
                if (all.find(w.value) == std::string::npos)
                    throw step_failure(where + ": " + w.name + " does not contain \"" + w.value + "\"",
                                       w.name + ": ...'" + w.value + "'...",
                                       values.empty() ? "no " + w.name + " header" : w.name + ": " + all);
                break;
            case kind::matches: {
                std::regex re;
                // ECMAScript has no inline flags; (?i) in front asks for case-insensitive.
                const bool icase = w.value.starts_with("(?i)");
                try {
                    re = std::regex(icase ? w.value.substr(4) : w.value,
                                    icase ? std::regex::ECMAScript | std::regex::icase : std::regex::ECMAScript);
                } catch (const std::regex_error& e) {
                    throw step_failure("bad regular expression \"" + w.value + "\": " + e.what());
                }
                bool match = false;
                for (const auto& v : values) match = match || std::regex_search(v, re);
                if (!match)
                    throw step_failure(where + ": " + w.name + " does not match /" + w.value + "/",
                                       w.name + " ~ /" + w.value + "/",
                                       values.empty() ? "no " + w.name + " header" : w.name + ": " + all);
                break;
            }
        }
    }
}

void do_connect(case_state& s, const connect_step& st) {
    start_connection(s, st.as, st);
    if (st.tcp_only) {
        auto& c = s.get(st.as);
        client::pump_until(s.ioc(), [&c] { return c.finished_connecting(); },
                           std::min(clock::now() + st.within, s.deadline));
        if (c.current() == client::connection::state::failed)
            throw step_failure("could not connect: " + c.error());
        return;
    }
    wait_handshake(s, st.as, st.within);
}

void do_expect_handshake(case_state& s, const expect_handshake_step& st) {
    auto& c = s.get(st.as);
    if (!c.finished_connecting()) wait_handshake(s, st.as, st.within);
    const bool failed = c.current() == client::connection::state::failed;
    if (st.fails) {
        if (!failed)
            throw step_failure("the connection was expected to fail", "failure containing \"" + *st.fails + "\"",
                               c.responses().empty() ? "connected" : c.responses().front().head);
        if (c.error().find(*st.fails) == std::string::npos)
            throw step_failure("the connection failed differently", "failure containing \"" + *st.fails + "\"",
                               c.error());
        return;
    }
    handshake_observation seen;
    seen.url_path = s.paths.count(st.as) ? s.paths[st.as] : "/";
    seen.connection_error = c.error();
    if (st.response > 1) {
        client::pump_until(s.ioc(), [&c, &st] { return c.responses().size() >= st.response || c.peer_closed(); },
                           std::min(clock::now() + st.within, s.deadline));
        if (c.responses().size() < st.response)
            throw step_failure("response " + std::to_string(st.response) + " did not arrive",
                               std::to_string(st.response) + " responses",
                               std::to_string(c.responses().size()) + " responses");
    }
    if (!c.responses().empty()) {
        const auto& resp = c.responses()[std::min(st.response, c.responses().size()) - 1];
        seen.status = resp.status;
        seen.location = resp.header("Location");
        seen.body = resp.body;
    }
    if (failed || c.responses().empty())
        throw step_failure("no handshake response", st.status ? "HTTP " + std::to_string(*st.status) : "a response",
                           c.error().empty() ? "nothing" : c.error(), diagnose_handshake(seen));
    const auto& resp = c.responses()[std::min(st.response, c.responses().size()) - 1];
    if (st.status && resp.status != *st.status)
        throw step_failure("unexpected handshake status", "HTTP " + std::to_string(*st.status),
                           (resp.head.empty() ? "HTTP " + std::to_string(resp.status) : resp.head) +
                               (resp.body.empty() ? "" : "\n" + preview(resp.body, status_body_preview_bytes)),
                           *st.status == 101 ? diagnose_handshake(seen) : std::string());
    if (resp.status == 101) {
        if (auto key = s.keys.find(st.as); key != s.keys.end()) {
            const auto expected = ws::accept_key(key->second);
            const auto got = resp.header("Sec-WebSocket-Accept");
            if (got != expected)
                throw step_failure("Sec-WebSocket-Accept does not match the key sent (RFC 6455 §4.2.2)", expected,
                                   got.value_or("(missing)"));
        }
    }
    check_headers(resp.headers, st.headers, "the handshake response", s.env());
    if (st.location) {
        // An expected path ("/ws/") is compared with the path of an absolute
        // Location, whose authority depends on the listener's port.
        const auto got = resp.header("Location");
        std::optional<std::string> compared = got;
        if (got && st.location->starts_with("/")) {
            const auto scheme_end = got->find("://");
            const auto path_start = scheme_end == std::string::npos ? 0 : got->find('/', scheme_end + 3);
            compared = path_start == std::string::npos ? std::string() : got->substr(path_start);
        }
        if (compared != st.location)
            throw step_failure("Location differs", *st.location, got.value_or("(no Location header)"));
    }
    if (st.body_contains && resp.body.find(*st.body_contains) == std::string::npos)
        throw step_failure("the response body lacks \"" + *st.body_contains + "\"", *st.body_contains,
                           preview(resp.body, body_preview_bytes));
    if (st.body_lacks && resp.body.find(*st.body_lacks) != std::string::npos)
        throw step_failure("the response body contains \"" + *st.body_lacks + "\"", "no " + *st.body_lacks,
                           preview(resp.body, body_preview_bytes));
    if (st.tls_version && c.stream().tls().version != *st.tls_version)
        throw step_failure("TLS version differs", *st.tls_version,
                           c.stream().is_tls() ? c.stream().tls().version : "plain TCP");
    if (st.session_reused && c.stream().tls().session_reused != *st.session_reused)
        throw step_failure("TLS session resumption differs", *st.session_reused ? "resumed" : "full handshake",
                           c.stream().tls().session_reused ? "resumed" : "full handshake");
}

void do_connect_many(case_state& s, const connect_many_step& st) {
    const auto deadline = std::min(clock::now() + st.within, s.deadline);
    std::vector<std::shared_ptr<client::connection>> started;
    for (std::size_t i = 1; i <= st.count; ++i) {
        auto c = start_connection(s, st.prefix + std::to_string(i), st.like);
        started.push_back(c);
        if (st.sequential) client::pump_until(s.ioc(), [&c] { return c->finished_connecting(); }, deadline);
    }
    client::pump_until(
        s.ioc(),
        [&started] {
            for (const auto& c : started)
                if (!c->finished_connecting()) return false;
            return true;
        },
        deadline);
    std::size_t upgraded = 0;
    std::string first_problem;
    for (const auto& c : started) {
        const bool ok = c->current() == client::connection::state::open;
        upgraded += ok;
        if (!ok && first_problem.empty())
            first_problem = c->name() + ": " + (c->responses().empty() ? c->error() : c->responses().front().head);
    }
    if (upgraded != st.count)
        throw step_failure(std::to_string(st.count - upgraded) + " of " + std::to_string(st.count) +
                               " connections did not upgrade",
                           std::to_string(st.count) + " upgraded", first_problem);
}

void do_expect_distribution(case_state& s, const expect_distribution_step& st) {
    std::vector<std::string> served;
    std::map<std::string, std::size_t> counts;
    for (std::size_t i = 1;; ++i) {
        const auto name = st.prefix + std::to_string(i);
        if (!s.connections().count(name)) break;
        const auto json = ask_backend(s, name, "wsgate:request", st.within);
        const auto* backend = json.is_object() ? json.as_object().if_contains("backend") : nullptr;
        const std::string id = backend && backend->is_string() ? std::string(backend->as_string()) : "?";
        served.push_back(id);
        ++counts[id];
    }
    std::string actual;
    for (const auto& [id, n] : counts) actual += id + "=" + std::to_string(n) + " ";
    for (const auto& [id, n] : st.counts) {
        const auto got = counts.count(id) ? counts[id] : 0;
        if (got + st.tolerance < n || got > n + st.tolerance)
            throw step_failure("backend " + id + " served " + std::to_string(got) + " connections",
                               id + "=" + std::to_string(n) + " (±" + std::to_string(st.tolerance) + ")", actual);
    }
    for (const auto& id : st.never)
        if (counts.count(id))
            throw step_failure("backend " + id + " served connections", "none on " + id, actual);
    for (const auto& id : st.includes)
        if (!counts.count(id))
            throw step_failure("backend " + id + " served no connection", "at least one on " + id, actual);
    if (st.one_backend && counts.size() > 1)
        throw step_failure("connections from one client went to " + std::to_string(counts.size()) + " backends",
                           "all on one backend", actual);
    if (st.order && !st.order->empty()) {
        // The pattern may start anywhere in its cycle (the proxy's counter is
        // shared with earlier cases), but must then repeat exactly.
        const auto& pattern = *st.order;
        std::string got, want;
        for (const auto& id : served) got += id + " ";
        bool matched = false;
        for (std::size_t offset = 0; offset < pattern.size() && !matched; ++offset) {
            matched = true;
            for (std::size_t i = 0; i < served.size() && matched; ++i)
                matched = served[i] == pattern[(i + offset) % pattern.size()];
        }
        for (const auto& id : pattern) want += id + " ";
        if (!matched) throw step_failure("connections were not spread in the expected order", "repeating " + want, got);
    }
}

}  // namespace wsgate::engine
