// One client connection of the reference proxy: optional TLS handshake, then
// requests read, routed and answered or proxied as nginx 1.22 does, until
// the connection closes or is upgraded into a tunnel. The connection's life
// is in session.cpp; reading a request body (request_body.cpp), relaying a
// response body (body_relay.cpp) and carrying an upgraded connection
// (upgraded_connection.cpp) each have a file of their own.
#pragma once

#include "config/model.hpp"
#include "http/head_parser.hpp"
#include "http/response_header_filter.hpp"
#include "http/route.hpp"
#include "server/client_stream.hpp"
#include "server/connection_slots.hpp"
#include "server/context.hpp"
#include "server/deadline.hpp"
#include "server/request_log.hpp"
#include "server/upstream.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace wsgate::proxy::server {

class session_set;

class session : public std::enable_shared_from_this<session> {
public:
    // slot: the client connection's, of the worker's slots (which the
    // upstream connections take theirs from too).
    session(proxy_context& ctx, const config::listen_address& address, client_stream stream, session_set& set,
            connection_slots& slots, connection_slot slot);
    ~session();

    void start();
    // SIGTERM: end now. SIGQUIT: end once the current request is done.
    void stop();
    void stop_when_idle();

private:
    struct relay_outcome {
        std::uint64_t sent = 0;  // body bytes written to the client
        bool complete = false;   // the body ended as its framing says: the connection may be kept
    };

    asio::awaitable<void> run();
    // nullopt: the client closed or sent nothing before client_header_timeout.
    asio::awaitable<std::optional<bool>> client_speaks_tls();
    asio::awaitable<void> refuse_plain_http();
    asio::awaitable<bool> handshake_tls();
    asio::awaitable<bool> read_head(http::parsed_request& out, bool first);
    asio::awaitable<boost::system::error_code> read_more_from_client();
    asio::awaitable<bool> serve(const http::parsed_request& head);
    // A "return": its status page, with the evaluated Location for redirects;
    // 444 closes the connection without an answer.
    asio::awaitable<bool> answer_return(const http::request_info& info, const http::route_result& route,
                                        const std::string& request_line, bool keep_alive,
                                        const config::eval_context& request);
    asio::awaitable<bool> proxy(const http::parsed_request& head, const http::request_info& info,
                                const config::server_block& server, const http::route_result& route,
                                const std::string& request_line);
    // The whole body, decoded when chunked; nullopt when the connection ends
    // (refused with 400 or 413, or the client went away).
    asio::awaitable<std::optional<std::string>> read_request_body(const http::request_info& info,
                                                                  const config::server_block& server,
                                                                  const config::location_block& location,
                                                                  const std::string& request_line);
    asio::awaitable<relay_outcome> relay_body(upstream_reply& reply, const http::client_response_head& head,
                                              bool until_close, const config::location_block& location,
                                              const std::string& log_context);
    // Sends the 101 and tunnels until either side ends; the connection ends with it.
    asio::awaitable<void> carry_upgraded(upstream_reply& reply, std::string head,
                                         const config::location_block& location, const std::string& log_context);
    // An answer of wsgate-proxy's own; with the request's variables, the
    // location's add_header lines go on it.
    asio::awaitable<bool> respond(int status, const std::string& extra_headers, bool keep_alive,
                                  const std::string& request_line, const config::location_block* location,
                                  const config::eval_context* request = nullptr);
    // The same with a body and type of the caller's ("return 200 TEXT").
    asio::awaitable<bool> respond_with(int status, const std::string& content_type, const std::string& body,
                                       const std::string& extra_headers, bool keep_alive, const std::string& request_line,
                                       const config::location_block* location, const config::eval_context* request);
    asio::awaitable<bool> write_client(const std::string& bytes);
    void log(config::log_level level, const std::string& message);
    // The request's lines in the location's access logs, each in its format.
    void log_access(const config::location_block* location, int status, std::uint64_t body_bytes,
                    std::uint64_t bytes_sent);

    proxy_context& ctx_;
    const config::listen_address& address_;
    client_stream client_;
    session_set& set_;
    connection_slots& slots_;
    connection_slot slot_;
    http::connection_info connection_;
    std::size_t server_index_;
    std::uint64_t id_;
    std::string buffer_;  // bytes read from the client and not yet consumed
    deadline client_deadline_;
    bool stopping_ = false;
    bool idle_ = false;  // between two requests of a kept-alive connection
    request_log request_;  // of the request being served
    std::uint64_t requests_ = 0;
    std::string tls_cipher_;
    bool tls_reused_ = false;
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
