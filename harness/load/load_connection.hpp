// One connection of a load run: open (TCP, TLS, upgrade, each timed), then
// either the open model (messages at their intended times, echoes received
// beside them) or the closed model (the next message when the echo is back),
// every echo checked. What it measures goes to its thread's state; the
// generator (generator.cpp) plans the run, spreads connections over threads
// and merges the states.
#pragma once

#include "load/generator.hpp"
#include "load/send_wheel.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ssl/context.hpp>

#include <openssl/ssl.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace wsgate::load {

using clock = std::chrono::steady_clock;

// What one read of echoes takes at most.
inline constexpr std::size_t echo_read_size = 64 * 1024;

struct session_free {
    void operator()(SSL_SESSION* s) const { SSL_SESSION_free(s); }
};

// What one thread measures; merged after the run (no sharing while it runs).
struct thread_state {
    load_result result;
    // The TLS session later connections of this thread offer (--tls-resume).
    std::unique_ptr<SSL_SESSION, session_free> session;
    // Corrected latencies of the current second, for the progress line: the
    // only thing the reporting thread reads while the load runs.
    std::mutex second_mutex;
    histogram second_latency;
    std::atomic<std::uint64_t> messages_now{0};
    std::atomic<std::uint64_t> errors_now{0};
    std::atomic<std::uint32_t> open_now{0};
    clock::time_point last_upgrade{};
    // The thread's open-model sends, and the buffer its receivers read
    // into one at a time (a connection holds none while it waits).
    send_wheel* wheel = nullptr;
    std::vector<char> read_buffer = std::vector<char>(echo_read_size);
    std::uint32_t assigned = 0;  // connections this thread runs
    std::uint32_t settled = 0;   // of them, those whose opening ended (upgraded or failed)
    // Counts an error of a class; the first of each class keeps its text.
    void error(const std::string& kind, const std::string& text = {}) {
        ++result.errors[kind];
        if (!text.empty()) result.first_errors.emplace(kind, text);
        ++errors_now;
    }
};

struct plan {
    const load_options& options;
    clock::time_point launched;
    clock::time_point start;
    clock::time_point measure_from;
    clock::time_point measure_until;
    boost::asio::ssl::context* tls;
    std::string request_head;
};

// Starts one connection on executor after start_delay; it ends by itself.
void spawn_connection(const plan& p, thread_state& st, std::uint32_t id, boost::asio::any_io_executor executor,
                      clock::duration start_delay);

}  // namespace wsgate::load
