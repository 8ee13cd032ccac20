// One TLS context per server{} with certificates, configured as nginx
// configures it (protocols, ciphers, session cache and timeout, tickets),
// and SNI switching to the server the name selects (ngx_http_ssl_servername).
#pragma once

#include "config/model.hpp"

#include <boost/asio/ssl/context.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace wsgate::proxy::server {

class tls_contexts {
public:
    // Throws std::runtime_error with nginx-like wording when a certificate
    // or key cannot be loaded.
    explicit tls_contexts(const config::main_config& config);
    ~tls_contexts();

    // The context a connection on this address starts with (its default
    // server's); the SNI callback may switch to another server's.
    boost::asio::ssl::context* for_address(const config::listen_address& address);

    tls_contexts(const tls_contexts&) = delete;
    tls_contexts& operator=(const tls_contexts&) = delete;

    // The server the SNI callback chose for this connection (else the default).
    static std::size_t chosen_server(SSL* ssl, const config::listen_address& address);

    struct sni_state;

private:
    boost::asio::ssl::context* prepare(const config::listen_address& address);

    const config::main_config& config_;
    std::map<const config::listen_address*, boost::asio::ssl::context*> by_address_;
    std::map<std::size_t, std::unique_ptr<boost::asio::ssl::context>> by_server_;
    std::map<std::size_t, SSL_CTX*> natives_;
    std::vector<std::unique_ptr<sni_state>> states_;
};

}  // namespace wsgate::proxy::server
