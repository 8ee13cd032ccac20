#include "server/tls_contexts.hpp"

#include "http/route.hpp"

#include "wsgate/tls.hpp"

#include <openssl/ssl.h>

#include <stdexcept>

namespace wsgate::proxy::server {

struct tls_contexts::sni_state {
    const config::listen_address* address;
    const std::map<std::size_t, SSL_CTX*>* natives;
};

namespace {



// ex_data slots: the listen address on the SSL_CTX, the chosen server on the SSL.
int address_index() {
    static const int index = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
    return index;
}
int chosen_index() {
    static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
    return index;
}

}  // namespace

std::size_t tls_contexts::chosen_server(SSL* ssl, const config::listen_address& address) {
    const auto value = reinterpret_cast<std::uintptr_t>(SSL_get_ex_data(ssl, chosen_index()));
    return value ? value - 1 : address.default_server;
}

tls_contexts::tls_contexts(const config::main_config& config) : config_(config) {
    for (std::size_t i = 0; i < config.servers.size(); ++i) {
        const auto& ssl = config.servers[i].ssl;
        if (ssl.certificate.empty()) continue;
        auto ctx = std::make_unique<boost::asio::ssl::context>(tls::make_server_context({
            .cert_file = ssl.certificate,
            .key_file = ssl.certificate_key,
            .protocols = ssl.protocols,
            .ciphers = ssl.ciphers,
            .prefer_server_ciphers = ssl.prefer_server_ciphers,
            .session_tickets = ssl.session_tickets,
        }));
        SSL_CTX* native = ctx->native_handle();
        // As nginx: an idle connection gives its read and write buffers back.
        SSL_CTX_set_mode(native, SSL_MODE_RELEASE_BUFFERS);
        // Sessions resume across the SNI switch only with one id context.
        static const unsigned char id[] = "wsgate-proxy";
        SSL_CTX_set_session_id_context(native, id, sizeof id - 1);
        SSL_CTX_set_timeout(native, static_cast<long>(ssl.session_timeout.count() / 1000));
        switch (ssl.session_cache) {
            case config::session_cache_mode::off:
                SSL_CTX_set_session_cache_mode(native, SSL_SESS_CACHE_OFF);
                break;
            case config::session_cache_mode::none:
                // nginx "none": clients are told sessions may be reused, but
                // nothing is stored.
                SSL_CTX_set_session_cache_mode(native, SSL_SESS_CACHE_SERVER | SSL_SESS_CACHE_NO_INTERNAL_STORE);
                break;
            case config::session_cache_mode::builtin:
            case config::session_cache_mode::shared:
                SSL_CTX_set_session_cache_mode(native, SSL_SESS_CACHE_SERVER);
                if (ssl.session_cache_size) SSL_CTX_sess_set_cache_size(native, static_cast<long>(ssl.session_cache_size));
                break;
        }
        natives_[i] = native;
        by_server_[i] = std::move(ctx);
    }
    for (const auto& address : config.addresses)
        if (address.ssl) by_address_[&address] = prepare(address);
}

tls_contexts::~tls_contexts() = default;

boost::asio::ssl::context* tls_contexts::for_address(const config::listen_address& address) {
    return by_address_.at(&address);
}

boost::asio::ssl::context* tls_contexts::prepare(const config::listen_address& address) {
    auto it = by_server_.find(address.default_server);
    if (it == by_server_.end())
        throw std::runtime_error("no \"ssl_certificate\" is defined for the listen ... ssl directive in " +
                                 config_.servers[address.default_server].where.file + ":" +
                                 std::to_string(config_.servers[address.default_server].where.line));
    SSL_CTX* native = it->second->native_handle();
    // The callback needs the address's servers and every server's context.
    states_.push_back(std::make_unique<sni_state>(sni_state{&address, &natives_}));
    auto* state = states_.back().get();
    SSL_CTX_set_ex_data(native, address_index(), state);
    SSL_CTX_set_tlsext_servername_callback(native, +[](SSL* ssl, int*, void*) -> int {
        auto* st = static_cast<tls_contexts::sni_state*>(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), address_index()));
        if (!st) return SSL_TLSEXT_ERR_OK;
        const char* name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
        const auto choice = http::choose_by_sni(*st->address, name ? name : "");
        SSL_set_ex_data(ssl, chosen_index(), reinterpret_cast<void*>(static_cast<std::uintptr_t>(choice.server + 1)));
        auto it = st->natives->find(choice.server);
        if (it != st->natives->end() && it->second != SSL_get_SSL_CTX(ssl)) SSL_set_SSL_CTX(ssl, it->second);
        return SSL_TLSEXT_ERR_OK;
    });
    return it->second.get();
}

}  // namespace wsgate::proxy::server
