#include "load/generator.hpp"

#include "load/load_connection.hpp"

#include "wsgate/tls.hpp"

#include <boost/asio/io_context.hpp>

#include <algorithm>
#include <memory>
#include <thread>

namespace wsgate::load {

namespace {

// The progress loop looks for Ctrl-C at least this often between ticks.
constexpr auto interrupt_slice = std::chrono::milliseconds(100);

double seconds_between(clock::time_point from, clock::time_point to) {
    return std::chrono::duration<double>(to - from).count();
}

}  // namespace

load_options share_of(const load_options& whole, unsigned index, unsigned agents) {
    auto share = whole;
    const auto first = static_cast<std::uint32_t>(std::uint64_t{whole.connections} * index / agents);
    const auto end = static_cast<std::uint32_t>(std::uint64_t{whole.connections} * (index + 1) / agents);
    share.first_id = whole.first_id + first;
    share.connections = end - first;
    const double part = whole.connections ? static_cast<double>(share.connections) / whole.connections : 0;
    share.rate = whole.rate * part;
    share.ramp = whole.ramp * part;
    return share;
}

load_result run_load(const load_options& o, const std::function<void(const second_sample&)>& progress,
                     const std::function<bool()>& interrupted) {
    std::unique_ptr<boost::asio::ssl::context> tls;
    if (o.target.tls)
        tls = std::make_unique<boost::asio::ssl::context>(
            tls::make_client_context({.ca_file = o.target.ca_file, .verify = !o.target.insecure}));
    const auto ramp_time = o.ramp > 0 ? std::chrono::duration_cast<clock::duration>(
                                            std::chrono::duration<double>(o.connections / o.ramp))
                                      : clock::duration::zero();
    const auto launched = clock::now();
    const auto start = launched + ramp_time;
    plan p{o, launched, start, start + o.warmup, start + o.warmup + o.duration, tls.get(),
           "GET " + o.target.path + " HTTP/1.1\r\nHost: " + o.target.host_header +
               "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"};
    const unsigned threads = std::max(1u, o.threads);
    std::vector<std::unique_ptr<thread_state>> states;
    std::vector<std::unique_ptr<boost::asio::io_context>> contexts;
    for (unsigned t = 0; t < threads; ++t) {
        states.push_back(std::make_unique<thread_state>());
        contexts.push_back(std::make_unique<boost::asio::io_context>(1));
    }
    // After the contexts: a wheel's timer goes before its context.
    std::vector<std::unique_ptr<send_wheel>> wheels;
    for (unsigned t = 0; t < threads; ++t) {
        wheels.push_back(std::make_unique<send_wheel>(contexts[t]->get_executor()));
        states[t]->wheel = wheels[t].get();
    }
    for (std::uint32_t i = 0; i < o.connections; ++i) {
        auto& ioc = *contexts[i % threads];
        ++states[i % threads]->assigned;
        const auto delay = o.ramp > 0 ? std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(i / o.ramp))
                                      : clock::duration::zero();
        spawn_connection(p, *states[i % threads], o.first_id + i, ioc.get_executor(), delay);
    }
    const auto hard_stop = p.measure_until + o.linger;
    std::vector<std::thread> workers;
    // run_until returning at the hard stop leaves the context unstopped, with
    // work still pending (a handshake the peer never answers): stop() marks
    // it ended for the loop below, which otherwise would wait for ever.
    for (auto& ioc : contexts)
        workers.emplace_back([&ioc, hard_stop] {
            ioc->run_until(hard_stop);
            ioc->stop();
        });

    load_result total;
    std::uint64_t last_messages = 0, last_errors = 0;
    auto next_tick = launched + std::chrono::seconds(1);
    while (true) {
        bool running = false;
        for (auto& ioc : contexts) running = running || !ioc->stopped();
        if (!running) break;
        std::this_thread::sleep_until(std::min(next_tick, clock::now() + interrupt_slice));
        if (interrupted && interrupted()) {
            for (auto& ioc : contexts) ioc->stop();
            break;
        }
        if (clock::now() < next_tick) continue;
        next_tick += std::chrono::seconds(1);
        second_sample s;
        s.at_s = seconds_between(launched, clock::now());
        std::uint64_t messages = 0, errors = 0;
        histogram second;
        for (auto& st : states) {
            messages += st->messages_now;
            errors += st->errors_now;
            s.open += st->open_now;
            std::lock_guard lock(st->second_mutex);
            second.merge(st->second_latency);
            st->second_latency.reset();
        }
        s.p50_us = second.percentile(50);
        s.p99_us = second.percentile(99);
        s.messages = messages - last_messages;
        s.errors = errors - last_errors;
        last_messages = messages;
        last_errors = errors;
        total.timeline.push_back(s);
        if (progress) progress(s);
    }
    for (auto& w : workers) w.join();
    const auto finished = clock::now();
    const auto ended = std::min(finished, p.measure_until);
    for (auto& st : states) {
        // A connection still opening at the hard stop (a handshake the peer
        // never answered) failed by timeout, not silently.
        if (st->assigned > st->settled) st->result.errors["timeout"] += st->assigned - st->settled;
        total.merge(st->result);
        if (st->result.connected)
            total.handshake_seconds =
                std::max(total.handshake_seconds, std::chrono::duration<double>(st->last_upgrade - launched).count());
    }
    total.connections = o.connections;
    total.measure_start_epoch_s =
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count() -
        std::chrono::duration<double>(clock::now() - p.measure_from).count();
    total.seconds = std::chrono::duration<double>(std::max(ended - p.measure_from, clock::duration::zero())).count();
    total.phases = {seconds_between(launched, p.start), seconds_between(launched, p.measure_from),
                    seconds_between(launched, std::max(ended, p.measure_from)), seconds_between(launched, finished)};
    return total;
}

}  // namespace wsgate::load
