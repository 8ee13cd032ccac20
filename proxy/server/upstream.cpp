#include "server/upstream.hpp"

#include "server/deadline.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/this_coro.hpp>

namespace wsgate::proxy::server {

namespace {

using http::clock;

using flag = config::next_upstream_flag;
using config::log_level;

// proxy_buffer_size may be a few bytes; the response head is still read in
// pieces of at least this, not a system call per few bytes.
constexpr std::size_t min_head_read = 1024;

bool allows(const config::location_block& l, flag f) { return l.next_upstream & static_cast<unsigned>(f); }

std::optional<flag> flag_for_status(int status) {
    switch (status) {
        case 500: return flag::http_500;
        case 502: return flag::http_502;
        case 503: return flag::http_503;
        case 504: return flag::http_504;
        case 403: return flag::http_403;
        case 404: return flag::http_404;
        case 429: return flag::http_429;
        default: return std::nullopt;
    }
}

std::string errno_text(const boost::system::error_code& ec) {
    return "(" + std::to_string(ec.value()) + ": " + ec.message() + ")";
}

struct attempt_outcome {
    std::optional<upstream_reply> reply;
    std::optional<flag> failure;  // what went wrong (error, timeout, invalid_header, http_5xx)
    bool count_as_failed = true;  // towards max_fails (not for 403/404)
};

// One try against one peer.
asio::awaitable<attempt_outcome> try_peer(proxy_context& ctx, std::uint64_t connection, const upstream_request& req,
                                          const std::string& address, std::uint16_t port, const std::string& name) {
    auto executor = co_await asio::this_coro::executor;
    attempt_outcome out;
    tcp::socket socket(executor);
    deadline timer(executor);
    const auto& loc = req.location;
    const auto upstream_text = ", upstream: \"http://" + name + req.uri + "\"";
    auto close_socket = [&socket] {
        boost::system::error_code ignored;
        socket.close(ignored);
    };
    boost::system::error_code ec;
    const auto ip = asio::ip::make_address(address, ec);
    if (ec) {
        ctx.errors.write(log_level::error, connection, "invalid upstream address \"" + address + "\"" + req.log_context);
        out.failure = flag::error;
        co_return out;
    }
    const auto started = std::chrono::steady_clock::now();
    timer.arm(loc.proxy_connect_timeout, close_socket);
    auto [cec] = co_await socket.async_connect({ip, port}, nothrow);
    const auto connected = std::chrono::steady_clock::now();
    timer.cancel();
    if (cec) {
        if (timer.expired()) {
            ctx.errors.write(log_level::error, connection,
                             "upstream timed out (110: Connection timed out) while connecting to upstream" +
                                 req.log_context + upstream_text);
            out.failure = flag::timeout;
        } else {
            ctx.errors.write(log_level::error, connection,
                             "connect() failed " + errno_text(cec) + " while connecting to upstream" + req.log_context +
                                 upstream_text);
            out.failure = flag::error;
        }
        co_return out;
    }
    socket.set_option(tcp::no_delay(loc.tcp_nodelay), ec);

    timer.arm(loc.proxy_send_timeout, close_socket);
    const std::string request = req.head + req.body;
    auto [wec, wn] = co_await asio::async_write(socket, asio::buffer(request), nothrow);
    timer.cancel();
    if (wec) {
        ctx.errors.write(log_level::error, connection,
                         std::string(timer.expired() ? "upstream timed out (110: Connection timed out)"
                                                     : "writev() failed " + errno_text(wec)) +
                             " while sending request to upstream" + req.log_context + upstream_text);
        out.failure = timer.expired() ? flag::timeout : flag::error;
        co_return out;
    }

    std::string buffer;
    std::vector<char> chunk(std::max(loc.proxy_buffer_size, min_head_read));
    timer.arm(loc.proxy_read_timeout, close_socket);
    while (true) {
        const auto parsed = http::parse_response_head(buffer, loc.proxy_buffer_size);
        if (const auto* head = std::get_if<http::parsed_response>(&parsed)) {
            timer.cancel();
            upstream_reply reply{std::move(socket), *head, buffer.substr(head->head_size), name};
            reply.connect_time = connected - started;
            reply.header_time = std::chrono::steady_clock::now() - started;
            if (auto f = flag_for_status(head->status); f && allows(loc, *f)) {
                out.failure = *f;
                out.count_as_failed = *f != flag::http_403 && *f != flag::http_404;
            }
            out.reply.emplace(std::move(reply));
            co_return out;
        }
        if (const auto* bad = std::get_if<http::head_error>(&parsed)) {
            timer.cancel();
            ctx.errors.write(log_level::error, connection,
                             bad->reason + " while reading response header from upstream" + req.log_context +
                                 upstream_text);
            out.failure = flag::invalid_header;
            co_return out;
        }
        auto [rec, n] = co_await socket.async_read_some(asio::buffer(chunk), nothrow);
        if (rec) {
            timer.cancel();
            if (timer.expired()) {
                ctx.errors.write(log_level::error, connection,
                                 "upstream timed out (110: Connection timed out) while reading response header from "
                                 "upstream" + req.log_context + upstream_text);
                out.failure = flag::timeout;
            } else if (rec == asio::error::eof) {
                ctx.errors.write(log_level::error, connection,
                                 "upstream prematurely closed connection while reading response header from upstream" +
                                     req.log_context + upstream_text);
                out.failure = flag::error;
            } else {
                ctx.errors.write(log_level::error, connection,
                                 "recv() failed " + errno_text(rec) + " while reading response header from upstream" +
                                     req.log_context + upstream_text);
                out.failure = flag::error;
            }
            co_return out;
        }
        buffer.append(chunk.data(), n);
    }
}

}  // namespace

asio::awaitable<std::variant<upstream_reply, upstream_failure>> exchange(proxy_context& ctx, std::uint64_t connection,
                                                                         const upstream_request& req) {
    const auto& loc = req.location;
    const auto& pass = *loc.proxy_pass;
    const auto started = clock::now();
    http::balancer* group = pass.upstream ? ctx.balancers.at(pass.upstream).get() : nullptr;
    auto attempt = group ? group->start(req.balance_key) : http::balancer::attempt{{false}, 1};
    int tries = 0;
    std::optional<upstream_reply> last_reply;
    flag last_failure = flag::error;
    while (true) {
        std::string address, name;
        std::uint16_t port = 0;
        std::optional<std::size_t> peer;
        if (group) {
            peer = group->pick(attempt, clock::now());
            if (!peer) {
                if (tries == 0)
                    ctx.errors.write(log_level::error, connection,
                                     "no live upstreams while connecting to upstream" + req.log_context);
                break;
            }
            const auto& s = group->server(*peer);
            address = s.address;
            port = s.port;
            name = s.name;
        } else {
            if (attempt.tries_left == 0) break;
            attempt.tries_left = 0;
            address = pass.address;
            port = pass.port;
            name = pass.proxy_host;
        }
        ++tries;
        // ngx_event_connect_peer: no connection left for the upstream is a 500.
        auto slot = req.slots ? req.slots->take() : std::optional<connection_slot>(connection_slot());
        if (!slot) {
            ctx.errors.write(log_level::alert, connection, req.slots->not_enough() + req.log_context);
            if (group) group->report(*peer, false, clock::now());
            co_return upstream_failure{500};
        }
        auto out = co_await try_peer(ctx, connection, req, address, port, name);
        if (out.reply) out.reply->slot = std::move(*slot);
        if (!out.failure) {
            if (group) out.reply->lease = peer_lease(group, *peer);
            co_return std::move(*out.reply);
        }
        if (group) group->report(*peer, out.count_as_failed, clock::now());
        last_failure = *out.failure;
        last_reply = std::move(out.reply);
        // proxy_next_upstream: another peer only for the listed conditions,
        // within the tries and time limits.
        const bool listed = allows(loc, *out.failure);
        const bool tries_ok = loc.next_upstream_tries == 0 || tries < loc.next_upstream_tries;
        const bool time_ok = loc.next_upstream_timeout.count() == 0 || clock::now() - started < loc.next_upstream_timeout;
        if (!listed || !tries_ok || !time_ok) break;
    }
    // An upstream answer that was only "next"-worthy is relayed as it is
    // when no other peer is left, as nginx does.
    if (last_reply) co_return std::move(*last_reply);
    co_return upstream_failure{last_failure == flag::timeout ? 504 : 502};
}

}  // namespace wsgate::proxy::server
