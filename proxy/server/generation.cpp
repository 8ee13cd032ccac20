#include "server/generation.hpp"

#include <unistd.h>

#include <thread>

namespace wsgate::proxy::server {

namespace {

std::string host_name() {
    char name[256] = {};
    ::gethostname(name, sizeof name - 1);
    return name;
}

unsigned worker_count(const config::main_config& config) {
    return config.worker_processes > 0 ? static_cast<unsigned>(config.worker_processes)
                                       : std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace

generation::generation(config::main_config config, std::atomic<std::uint64_t>& connections,
                       const generation* previous)
    : config_(std::move(config)),
      errors_(config_.error_log_path, config_.error_log_level),
      tls_(config_),
      sockets_(config_, previous ? &previous->sockets_ : nullptr),
      ctx_{config_, tls_, balancers_, errors_, access_, host_name(), connections} {
    for (const auto& server : config_.servers) {
        for (const auto& loc : server.locations)
            for (const auto& target : loc.access_logs) access_.open(target.path);
        for (const auto& target : server.unmatched.access_logs) access_.open(target.path);
    }
    for (const auto& u : config_.upstreams) balancers_[&u] = std::make_unique<http::balancer>(u);
    for (unsigned i = 0; i < worker_count(config_); ++i) workers_.push_back(std::make_unique<worker>(ctx_, sockets_));
}

void generation::start() {
    for (auto& w : workers_) w->start();
}

void generation::shut_down(bool graceful) {
    for (auto& w : workers_) w->shut_down(graceful);
    // The workers close their own descriptors on their threads.
    sockets_.close();
}

void generation::stop_now() {
    for (auto& w : workers_) w->stop_now();
}

void generation::join() {
    for (auto& w : workers_) w->join();
}

bool generation::idle() const {
    for (const auto& w : workers_)
        if (!w->idle()) return false;
    return true;
}

}  // namespace wsgate::proxy::server
