// Rules that move what the config reaches over the network to loopback:
// listening sockets, upstream servers and pass targets (to mock backends),
// resolvers, and the certificates clients check the listeners against.
#include "sandbox/nginx_address.hpp"
#include "sandbox/nginx_rewriter.hpp"

#include "wsgate/ascii.hpp"

#include <algorithm>

namespace wsgate::sandbox {

namespace {

constexpr const char* loopback = "127.0.0.1";

std::string on_loopback(std::uint16_t port) { return std::string(loopback) + ":" + std::to_string(port); }

// The listen parameters nginx accepts only for IPv6 addresses.
bool ipv6_only_parameter(const std::string& word) { return word.starts_with("ipv6only="); }

bool sets_ssl_on(const directive& server) {
    bool on = false;
    for_each_in_block(server.children, [&on](const directive& d) {
        if (!d.block && d.name() == "ssl" && d.args.size() == 2 && ascii::iequals(d.args[1], "on")) on = true;
    });
    return on;
}

std::vector<std::string> server_names_in(const std::vector<directive>& block, bool nested) {
    std::vector<std::string> names;
    for_each_in_block(block, [&](const directive& d) {
        if (!d.block && d.name() == "server_name") names.insert(names.end(), d.args.begin() + 1, d.args.end());
        if (nested && d.block) {
            auto inner = server_names_in(d.children, true);
            names.insert(names.end(), inner.begin(), inner.end());
        }
    });
    return names;
}

}  // namespace

std::uint16_t nginx_rewriter::take_port(const directive& d) {
    if (ports_taken_ == options_.max_ports)
        problem(d, "more than " + std::to_string(options_.max_ports) +
                       " listeners and upstream addresses (the sandbox's port range) from here on");
    return static_cast<std::uint16_t>(options_.first_port + ports_taken_++);
}

std::uint16_t nginx_rewriter::backend_port(const std::string& address, const std::string& id, const directive& d) {
    if (auto known = backend_index_.find(address); known != backend_index_.end())
        return result_.backends[known->second].port;
    backend_index_[address] = result_.backends.size();
    result_.backends.push_back({id, address, where(d), take_port(d)});
    return result_.backends.back().port;
}

listener& nginx_rewriter::listener_for(const std::string& socket, const directive& d) {
    auto known = listener_index_.find(socket);
    if (known == listener_index_.end()) {
        known = listener_index_.emplace(socket, result_.listeners.size()).first;
        result_.listeners.push_back({socket, where(d), take_port(d), false});
    }
    return result_.listeners[known->second];
}

void nginx_rewriter::listen(const directive& d, const block_context& c) {
    if (!c.directly_in("server") || d.args.size() < 2) return;
    const auto socket = listen_socket(d.args[1]);
    const bool ssl = std::find(d.args.begin() + 2, d.args.end(), "ssl") != d.args.end() || sets_ssl_on(*c.blocks.back());
    auto& l = listener_for(socket, d);
    l.ssl = l.ssl || ssl;
    replace_word(d, 1, on_loopback(l.port));
    for (std::size_t i = 2; i < d.args.size(); ++i)
        if (ipv6_only_parameter(d.args[i])) {
            edits_[d.copy].push_back({d.spans[i].begin, d.spans[i].end, ""});
            result_.rewrites.push_back({where(d), "listen", d.args[i], "(removed: the socket is IPv4 loopback now)"});
        }
}

void nginx_rewriter::server(const directive& d, const block_context& c) {
    if (c.directly_in("upstream")) {
        if (d.args.size() < 2) return;
        const auto& group = c.blocks.back()->args.size() > 1 ? c.blocks.back()->args[1] : std::string();
        replace_word(d, 1, on_loopback(backend_port(upstream_address(d.args[1]), group + "/" + d.args[1], d)));
        return;
    }
    if (!d.block || !c.directly_in("http")) return;
    bool listens = false;
    for_each_in_block(d.children, [&listens](const directive& inner) { listens = listens || inner.name() == "listen"; });
    if (listens) return;
    // Without listen, nginx (as root) listens on *:80.
    insert_after(d, "listen " + on_loopback(listener_for("*:80", d).port) + ";");
}

void nginx_rewriter::pass(const directive& d, const block_context&) {
    if (d.args.size() < 2) return;
    const auto target = split_pass_target(d.args[1]);
    if (!target) return;
    if (d.args[1].find('$') != std::string::npos) {
        problem(d, "\"" + d.name() + " " + d.args[1] +
                       "\" names its address with variables, so the sandbox cannot move it to a mock backend");
        return;
    }
    const bool names_upstream = upstream_names_.contains(target->host);
    if (names_upstream) return;
    std::string scheme = target->scheme;
    // The mock backends speak plain HTTP and WebSocket.
    if (scheme == "https://") scheme = "http://";
    const auto rest = target->host.starts_with("unix:") && target->rest.starts_with(":") ? target->rest.substr(1)
                                                                                          : target->rest;
    replace_word(d, 1, scheme + on_loopback(backend_port(with_default_port(*target), target->host, d)) + rest);
}

void nginx_rewriter::resolver(const directive& d, const block_context&) {
    // A port nothing listens on: lookups fail at once instead of leaving loopback.
    const auto port = take_port(d);
    for (std::size_t i = 1; i < d.args.size(); ++i)
        if (d.args[i].find('=') == std::string::npos) replace_word(d, i, on_loopback(port));
}

void nginx_rewriter::certificate(const directive& d, const block_context& c) {
    if (d.args.size() < 2) return;
    const auto* server = c.innermost("server");
    const auto names = server ? server_names_in(server->children, false)
                              : server_names_in(c.blocks.empty() ? tree_.top : c.blocks.back()->children, true);
    try {
        const auto [cert, key] = tls_.certificate_for(certificate_names(names));
        replace_word(d, 1, (d.name() == "ssl_certificate" ? cert : key).string());
    } catch (const std::exception& e) {
        problem(d, std::string("cannot issue a test certificate: ") + e.what());
    }
}

void nginx_rewriter::ca_file(const directive& d, const block_context&) {
    if (d.args.size() >= 2) replace_word(d, 1, tls_.ca().string());
}

}  // namespace wsgate::sandbox
