#include "engine/runner.hpp"

#include "engine/run_steps.hpp"
#include "engine/step_failure.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

namespace wsgate::engine {

namespace report = harness::report;

namespace {

double ms_between(clock::time_point a, clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

void collect_transcript(const case_state& s, report::case_result& r) {
    for (const auto& c : s.history()) {
        for (const auto& e : c->transcript()) {
            report::transcript_entry t;
            t.at_ms = ms_between(s.started(), e.at);
            switch (e.dir) {
                case client::wire_event::direction::sent: t.direction = "client>proxy"; break;
                case client::wire_event::direction::received: t.direction = "proxy>client"; break;
                case client::wire_event::direction::note: t.direction = "harness"; break;
            }
            const bool head = e.bytes.find("\r\n\r\n") != std::string::npos && e.bytes.find("HTTP/1.") != std::string::npos;
            t.kind = head ? (t.direction == "client>proxy" ? "handshake-request" : "handshake-response")
                          : (t.direction == "harness" ? "note" : "frame");
            t.text = "[" + c->name() + "] " + (head ? e.bytes : e.summary);
            r.transcript.push_back(std::move(t));
        }
    }
    for (const auto& [at, text] : s.notes)
        r.transcript.push_back({.at_ms = ms_between(s.started(), at), .direction = "harness", .kind = "note", .text = text});
    std::stable_sort(r.transcript.begin(), r.transcript.end(),
                     [](const auto& a, const auto& b) { return a.at_ms < b.at_ms; });
}

// The case's environment when it is bound to one endpoint of a user's config.
environment bound_to(const environment& env, const endpoint_binding& endpoint) {
    auto bound = env;
    bound.endpoint = endpoint.url;
    bound.proxy.ws_port = endpoint.url.tls ? 0 : endpoint.port;
    bound.proxy.wss_port = endpoint.url.tls ? endpoint.port : 0;
    return bound;
}

}  // namespace

report::case_result run_case(const runnable_case& c, const environment& env) {
    report::case_result r = c.info;
    r.steps.clear();
    if (c.needs_backends && !env.backends) {
        r.result = report::outcome::skipped;
        r.skip_reason = "needs wsgate-echo backends (introspection or faults); the target has none";
        return r;
    }
    case_state s(c.endpoint ? bound_to(env, *c.endpoint) : env);
    s.deadline = s.started() + c.timeout;
    try {
        if (c.skip) throw step_skip(*c.skip);
        run_steps(s, r, c.steps);
        r.result = report::outcome::passed;
    } catch (const step_skip& e) {
        r.result = report::outcome::skipped;
        r.skip_reason = e.what();
    } catch (const step_failure&) {
        r.result = report::outcome::failed;
    } catch (const std::exception& e) {
        r.result = report::outcome::error;
        r.steps.push_back({.index = r.steps.size() + 1, .name = "internal", .result = report::outcome::error,
                           .message = e.what()});
    }
    r.duration_ms = ms_between(s.started(), clock::now());
    r.handshake_ms = s.handshake_ms;
    r.round_trip_ms = s.round_trip_ms;
    collect_transcript(s, r);
    return r;
}

std::vector<report::case_result> run_cases(const std::vector<runnable_case>& cases, const environment& env,
                                           const run_options& options) {
    std::vector<report::case_result> results(cases.size());
    std::vector<std::size_t> shared, alone;
    for (std::size_t i = 0; i < cases.size(); ++i) (cases[i].exclusive ? alone : shared).push_back(i);

    std::mutex mutex;
    auto finish = [&](std::size_t i, report::case_result r) {
        std::lock_guard lock(mutex);
        // A process that died during the case is part of its result.
        if (options.health) {
            if (auto failure = options.health(); !failure.empty() && r.result == report::outcome::passed) {
                r.result = report::outcome::error;
                r.steps.push_back({.index = r.steps.size() + 1, .name = "health", .result = report::outcome::error,
                                   .message = failure});
            }
        }
        results[i] = std::move(r);
        if (options.on_case_done) options.on_case_done(results[i]);
    };
    auto skipped_by_interrupt = [&](std::size_t i) {
        report::case_result r = cases[i].info;
        r.result = report::outcome::skipped;
        r.skip_reason = "interrupted";
        results[i] = std::move(r);
    };

    std::atomic<std::size_t> next{0};
    auto worker = [&] {
        for (std::size_t k; (k = next++) < shared.size();) {
            const auto i = shared[k];
            if (options.interrupted && options.interrupted()) {
                skipped_by_interrupt(i);
                continue;
            }
            finish(i, run_case(cases[i], env));
        }
    };
    std::vector<std::thread> threads;
    for (unsigned t = 1; t < std::max(1u, options.jobs); ++t) threads.emplace_back(worker);
    worker();
    for (auto& t : threads) t.join();

    for (const auto i : alone) {
        if (options.interrupted && options.interrupted()) {
            skipped_by_interrupt(i);
            continue;
        }
        finish(i, run_case(cases[i], env));
        // Faults of one case must not leak into the next.
        if (env.backends) env.backends->restore_all();
    }
    return results;
}

}  // namespace wsgate::engine
