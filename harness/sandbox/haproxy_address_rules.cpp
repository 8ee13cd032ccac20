// Rules that move what an haproxy.cfg reaches over the network to
// loopback: each bind to a loopback port (with a test-CA certificate for
// the names its ACLs compare), each server to a mock echo backend of its
// own, and resolvers, peers and mailers to a port where nothing listens.
#include "sandbox/haproxy_acl.hpp"
#include "sandbox/haproxy_address.hpp"
#include "sandbox/haproxy_rewriter.hpp"

#include <algorithm>
#include <fstream>
#include <set>

namespace wsgate::sandbox {

namespace {

constexpr const char* loopback = "127.0.0.1";
// A certificate needs a name; a frontend whose ACLs name no host answers
// whatever the client asks for.
constexpr const char* default_certificate_name = "localhost";

std::string on_loopback(std::uint16_t port) { return std::string(loopback) + ":" + std::to_string(port); }

// bind options that name a certificate file; the sandbox's one replaces the first.
bool names_certificate(const std::string& w) { return w == "crt" || w == "crt-list"; }

// bind options whose file a CI machine does not have; the test CA or nothing replaces them.
bool names_client_ca(const std::string& w) { return w == "ca-file" || w == "ca-verify-file"; }
bool names_optional_file(const std::string& w) { return w == "crl-file" || w == "ocsp" || w == "issuer"; }

// server options that make the connection TLS, and how many words each takes.
std::size_t server_tls_option(const std::string& w) {
    static const std::set<std::string> flags = {"ssl", "check-ssl", "ssl-reuse", "send-proxy-v2-ssl",
                                                "send-proxy-v2-ssl-cn"};
    static const std::set<std::string> with_value = {"verify", "ca-file", "crt", "sni", "alpn", "check-sni",
                                                     "verifyhost", "crl-file", "ciphers", "ciphersuites",
                                                     "ssl-min-ver", "ssl-max-ver", "check-alpn"};
    if (flags.count(w)) return 1;
    if (with_value.count(w)) return 2;
    return 0;
}

bool serves_traffic(const haproxy_section& s) { return s.kind == "frontend" || s.kind == "listen"; }

}  // namespace

void haproxy_rewriter::bind(const haproxy_section& s, const haproxy_line& l) {
    if (l.words.size() < 2) return;
    // A peers section's bind is the local peer's: a port of its own, no listener.
    if (!serves_traffic(s)) {
        replace_word(l, 1, on_loopback(take_port(l)));
        return;
    }
    const bool ssl = std::find(l.words.begin() + 2, l.words.end(), "ssl") != l.words.end();
    std::string moved;
    for (const auto& address : bind_addresses(l.words[1])) {
        const auto socket = bind_socket(address);
        if (!socket) {
            problem(l, "bind " + address + " is not an address the sandbox can give a loopback port (a port range, "
                       "fd@, sockpair@ or abns@)");
            continue;
        }
        if (socket->starts_with("unix:")) {
            moved += (moved.empty() ? "" : ",") + abstract_socket("bind");
            continue;
        }
        auto known = listener_index_.find(*socket);
        if (known == listener_index_.end()) {
            known = listener_index_.emplace(*socket, result_.listeners.size()).first;
            result_.listeners.push_back({*socket, where(l), take_port(l), false});
        }
        auto& listener = result_.listeners[known->second];
        listener.ssl = listener.ssl || ssl;
        moved += (moved.empty() ? "" : ",") + on_loopback(listener.port);
    }
    replace_word(l, 1, moved);
    if (ssl) bind_certificates(s, l);
    for (std::size_t i = 2; i < l.words.size(); ++i) {
        if (l.words[i] == "v4v6" || l.words[i] == "v6only")
            remove_words(l, i, 1, "(removed: the socket is IPv4 loopback now)");
        if ((l.words[i] == "interface" || l.words[i] == "namespace") && i + 1 < l.words.size())
            remove_words(l, i, 2, "(removed: the socket is on loopback now)");
    }
}

void haproxy_rewriter::bind_certificates(const haproxy_section& s, const haproxy_line& l) {
    auto names = certificate_names(host_names(s));
    if (names.empty()) names.push_back(default_certificate_name);
    const auto [cert, key] = tls_.certificate_for(names);
    // HAProxy reads the certificate and its key from one file.
    auto combined = cert;
    combined.replace_extension(".haproxy.pem");
    if (!std::filesystem::exists(combined)) {
        std::ofstream out(combined, std::ios::binary);
        out << std::ifstream(cert, std::ios::binary).rdbuf() << std::ifstream(key, std::ios::binary).rdbuf();
    }
    bool replaced = false;
    for (std::size_t i = 2; i + 1 < l.words.size(); ++i) {
        if (names_certificate(l.words[i])) {
            if (replaced) {
                remove_words(l, i, 2, "(removed: one test certificate covers the frontend's names)");
            } else {
                if (l.words[i] == "crt-list") replace_word(l, i, "crt");
                replace_word(l, i + 1, combined.string());
                replaced = true;
            }
            ++i;
        } else if (names_client_ca(l.words[i])) {
            replace_word(l, i + 1, tls_.ca().string());
            ++i;
        } else if (names_optional_file(l.words[i])) {
            remove_words(l, i, 2, "(removed: the machine's file, not the test PKI's)");
            ++i;
        }
    }
    if (!replaced) problem(l, "bind ... ssl without crt: the sandbox has no certificate to replace");
}

void haproxy_rewriter::server(const haproxy_section& s, const haproxy_line& l) {
    if (l.words.size() < 3) return;
    if (s.kind == "peers") {
        replace_word(l, 2, on_loopback(take_port(l)));
        return;
    }
    if (s.kind != "backend" && s.kind != "listen") return;
    const auto address = server_address(l.words[2]);
    const auto id = s.name + "/" + address;
    auto known = backend_index_.find(id);
    if (known == backend_index_.end()) {
        known = backend_index_.emplace(id, result_.backends.size()).first;
        result_.backends.push_back({id, l.words[2], where(l), take_port(l)});
    }
    replace_word(l, 2, on_loopback(result_.backends[known->second].port));
    strip_server_tls(l, 3);
}

void haproxy_rewriter::default_server(const haproxy_section&, const haproxy_line& l) { strip_server_tls(l, 1); }

void haproxy_rewriter::strip_server_tls(const haproxy_line& l, std::size_t from) {
    for (std::size_t i = from; i < l.words.size();) {
        const auto n = std::min(server_tls_option(l.words[i]), l.words.size() - i);
        if (n == 0) {
            ++i;
            continue;
        }
        remove_words(l, i, n, "(removed: the mock backend speaks plain ws)");
        i += n;
    }
}

void haproxy_rewriter::server_template(const haproxy_section&, const haproxy_line& l) {
    problem(l, "server-template makes its servers from DNS answers; name each server with its address instead");
}

void haproxy_rewriter::unreachable(const haproxy_section&, const haproxy_line& l) {
    // A port nothing listens on: lookups, peer syncs and mails fail at once
    // instead of leaving loopback.
    if (l.words.size() >= 3) replace_word(l, 2, on_loopback(take_port(l)));
}

}  // namespace wsgate::sandbox
