#include "server.hpp"

#include "log.hpp"
#include "wsgate/tls.hpp"

#include <csignal>

namespace wsgate::echo {

namespace {
// SIGTERM must end the process within 2 s; this leaves room for the exit itself.
constexpr auto drain_time = std::chrono::milliseconds(1800);
}  // namespace

server::server(const options& o) : pool_(o.threads), signals_(pool_.first(), SIGINT, SIGTERM, SIGUSR1) {
    for (const auto& spec : o.listeners) {
        if (spec.tls && !tls_)
            tls_.emplace(tls::make_server_context({.cert_file = o.tls_cert, .key_file = o.tls_key}));
        const auto& context = contexts_.emplace_back(listener_context{
            .id = spec.id,
            .tls = spec.tls ? &*tls_ : nullptr,
            .deflate = o.deflate,
            .max_message = o.max_message,
            .registry = &registry_,
        });
        listeners_.push_back(std::make_shared<listener>(pool_, spec, context));
    }
}

std::vector<bound_listener> server::listeners() const {
    std::vector<bound_listener> out;
    for (const auto& l : listeners_)
        out.push_back({l->context().id, l->local_endpoint(), l->context().tls != nullptr});
    return out;
}

void server::run() {
    wait_for_signal();
    for (const auto& l : listeners_) l->start();
    pool_.start();
    stop_requested_.get_future().wait();
    if (!pool_.drain(drain_time)) log_line("connections still open after the drain time were dropped");
}

void server::wait_for_signal() {
    signals_.async_wait([this](boost::system::error_code ec, int sig) {
        if (ec) return;
        for (const auto& l : listeners_) l->stop();
        if (sig == SIGUSR1) {
            log_line("SIGUSR1: stopped listening; open connections stay");
            return wait_for_signal();
        }
        // A second SIGTERM or SIGINT now ends the process at once.
        signals_.clear();
        registry_.stop_all();
        stop_requested_.set_value();
    });
}

}  // namespace wsgate::echo
