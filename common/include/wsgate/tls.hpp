// TLS context setup shared by the echo backend (wss listeners), the reference
// proxy and the scripted clients. All contexts are OpenSSL through Asio.
#pragma once

#include <boost/asio/ssl/context.hpp>

#include <string>
#include <vector>

namespace wsgate::tls {

namespace ssl = boost::asio::ssl;

struct server_options {
    std::string cert_file;  // PEM chain
    std::string key_file;   // PEM key
    // nginx spelling: "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3". Empty: OpenSSL defaults.
    std::vector<std::string> protocols;
    std::string ciphers;            // TLS 1.2 and below cipher list; empty: OpenSSL default
    bool prefer_server_ciphers = false;
    bool session_tickets = true;
    std::string alpn = "http/1.1";  // empty: no ALPN selection
};

// Throws std::runtime_error naming the file and OpenSSL's reason on failure.
ssl::context make_server_context(const server_options& options);

struct client_options {
    std::string ca_file;     // empty: system default paths
    bool verify = true;      // peer chain and host name
    std::string cert_file;   // client certificate for mutual TLS
    std::string key_file;
    std::string min_version; // nginx spelling, empty: library default
    std::string max_version;
    std::string ciphers;
};

ssl::context make_client_context(const client_options& options);

// Sets SNI and, when verifying, the expected host name (DNS name or IP).
// Throws std::runtime_error on failure.
void prepare_client(SSL* ssl, const std::string& host, bool verify);

// "TLSv1.2" -> TLS1_2_VERSION; throws std::invalid_argument for unknown names.
int protocol_version(const std::string& nginx_name);

// OpenSSL's error queue as one line, then cleared.
std::string last_error();

}  // namespace wsgate::tls
