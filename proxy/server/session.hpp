// One client connection of the reference proxy: optional TLS handshake, then
// requests read, routed and answered or proxied as nginx 1.22 does, until
// the connection closes or is upgraded into a tunnel.
#pragma once

#include "config/model.hpp"
#include "http/route.hpp"
#include "server/client_stream.hpp"
#include "server/context.hpp"
#include "server/deadline.hpp"
#include "server/head_parser.hpp"

#include <memory>
#include <string>

namespace wsgate::proxy::server {

class session_set;

class session : public std::enable_shared_from_this<session> {
public:
    session(proxy_context& ctx, const config::listen_address& address, client_stream stream, session_set& set);
    ~session();

    void start();
    // SIGTERM: end now. SIGQUIT: end once the current request is done.
    void stop();
    void stop_when_idle();

private:
    struct upstream_result;

    asio::awaitable<void> run();
    // nullopt: the client closed or sent nothing before client_header_timeout.
    asio::awaitable<std::optional<bool>> client_speaks_tls();
    asio::awaitable<void> refuse_plain_http();
    asio::awaitable<bool> handshake_tls();
    asio::awaitable<bool> read_head(parsed_request& out, bool first);
    asio::awaitable<boost::system::error_code> read_more_from_client();
    asio::awaitable<bool> serve(const parsed_request& head);
    asio::awaitable<bool> proxy(const parsed_request& head, const http::request_info& info,
                                const config::server_block& server, const http::route_result& route);
    asio::awaitable<bool> respond(int status, const std::string& extra_headers, bool keep_alive,
                                  const std::string& request_line, const config::location_block* location);
    asio::awaitable<bool> write_client(const std::string& bytes);
    void log(config::log_level level, const std::string& message);

    proxy_context& ctx_;
    const config::listen_address& address_;
    client_stream client_;
    session_set& set_;
    http::connection_info connection_;
    std::size_t server_index_;
    std::uint64_t id_;
    std::string buffer_;  // bytes read from the client and not yet consumed
    deadline client_deadline_;
    bool stopping_ = false;
    bool idle_ = true;
};

// The sessions of one worker, for shutdown.
class session_set {
public:
    void add(session* s, std::weak_ptr<session> w) { all_[s] = std::move(w); }
    void remove(session* s) { all_.erase(s); }
    std::size_t size() const { return all_.size(); }
    template <class F>
    void each(F f) {
        std::vector<std::shared_ptr<session>> alive;
        for (auto& [raw, weak] : all_)
            if (auto s = weak.lock()) alive.push_back(std::move(s));
        for (auto& s : alive) f(*s);
    }

private:
    std::map<session*, std::weak_ptr<session>> all_;
};

}  // namespace wsgate::proxy::server
