#include "wsgate/tls.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <boost/asio/ip/address.hpp>

#include <stdexcept>

namespace wsgate::tls {

namespace {

[[noreturn]] void throw_ssl(const std::string& what) {
    throw std::runtime_error(what + ": " + last_error());
}

// Only http/1.1 is spoken; a client that offers ALPN without it is refused as
// nginx refuses it.
int select_http11(SSL*, const unsigned char** out, unsigned char* outlen, const unsigned char* in,
                  unsigned int inlen, void*) {
    static constexpr unsigned char http11[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
    unsigned char* selected = nullptr;
    if (SSL_select_next_proto(&selected, outlen, http11, sizeof http11, in, inlen) !=
        OPENSSL_NPN_NEGOTIATED)
        return SSL_TLSEXT_ERR_ALERT_FATAL;
    *out = selected;
    return SSL_TLSEXT_ERR_OK;
}

// nginx turns the listed protocols into SSL_OP_NO_* options for the others,
// so a gap in the list (TLSv1 TLSv1.2) behaves exactly as there.
void restrict_protocols(SSL_CTX* ctx, const std::vector<std::string>& protocols) {
    if (protocols.empty()) return;
    struct entry {
        const char* name;
        unsigned long no_option;
    };
    static constexpr entry all[] = {{"TLSv1", SSL_OP_NO_TLSv1},
                                    {"TLSv1.1", SSL_OP_NO_TLSv1_1},
                                    {"TLSv1.2", SSL_OP_NO_TLSv1_2},
                                    {"TLSv1.3", SSL_OP_NO_TLSv1_3}};
    for (const auto& name : protocols) protocol_version(name);
    for (const auto& e : all) {
        bool listed = false;
        for (const auto& name : protocols) listed = listed || name == e.name;
        if (listed)
            SSL_CTX_clear_options(ctx, e.no_option);
        else
            SSL_CTX_set_options(ctx, e.no_option);
    }
}

}  // namespace

int protocol_version(const std::string& nginx_name) {
    if (nginx_name == "TLSv1") return TLS1_VERSION;
    if (nginx_name == "TLSv1.1") return TLS1_1_VERSION;
    if (nginx_name == "TLSv1.2") return TLS1_2_VERSION;
    if (nginx_name == "TLSv1.3") return TLS1_3_VERSION;
    throw std::invalid_argument("unknown TLS protocol \"" + nginx_name + "\"");
}

std::string last_error() {
    std::string text;
    while (unsigned long code = ERR_get_error()) {
        char buf[256];
        ERR_error_string_n(code, buf, sizeof buf);
        if (!text.empty()) text += "; ";
        text += buf;
    }
    return text.empty() ? "no OpenSSL error recorded" : text;
}

ssl::context make_server_context(const server_options& options) {
    ssl::context ctx(ssl::context::tls_server);
    SSL_CTX* native = ctx.native_handle();
    SSL_CTX_set_options(native, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
    if (SSL_CTX_use_certificate_chain_file(native, options.cert_file.c_str()) != 1)
        throw_ssl("cannot load certificate \"" + options.cert_file + "\"");
    if (SSL_CTX_use_PrivateKey_file(native, options.key_file.c_str(), SSL_FILETYPE_PEM) != 1)
        throw_ssl("cannot load certificate key \"" + options.key_file + "\"");
    if (SSL_CTX_check_private_key(native) != 1)
        throw_ssl("certificate \"" + options.cert_file + "\" does not match key \"" +
                  options.key_file + "\"");
    restrict_protocols(native, options.protocols);
    if (!options.ciphers.empty() && SSL_CTX_set_cipher_list(native, options.ciphers.c_str()) != 1)
        throw_ssl("invalid cipher list \"" + options.ciphers + "\"");
    if (options.prefer_server_ciphers) SSL_CTX_set_options(native, SSL_OP_CIPHER_SERVER_PREFERENCE);
    if (!options.session_tickets) SSL_CTX_set_options(native, SSL_OP_NO_TICKET);
    if (!options.alpn.empty()) {
        if (options.alpn != "http/1.1")
            throw std::invalid_argument("only ALPN http/1.1 is supported, not \"" + options.alpn + "\"");
        SSL_CTX_set_alpn_select_cb(native, select_http11, nullptr);
    }
    return ctx;
}

ssl::context make_client_context(const client_options& options) {
    ssl::context ctx(ssl::context::tls_client);
    SSL_CTX* native = ctx.native_handle();
    if (options.verify) {
        ctx.set_verify_mode(ssl::verify_peer);
        if (options.ca_file.empty()) {
            if (SSL_CTX_set_default_verify_paths(native) != 1) throw_ssl("cannot load system CA paths");
        } else if (SSL_CTX_load_verify_locations(native, options.ca_file.c_str(), nullptr) != 1) {
            throw_ssl("cannot load CA file \"" + options.ca_file + "\"");
        }
    } else {
        ctx.set_verify_mode(ssl::verify_none);
    }
    if (!options.cert_file.empty()) {
        if (SSL_CTX_use_certificate_chain_file(native, options.cert_file.c_str()) != 1)
            throw_ssl("cannot load client certificate \"" + options.cert_file + "\"");
        const auto& key = options.key_file.empty() ? options.cert_file : options.key_file;
        if (SSL_CTX_use_PrivateKey_file(native, key.c_str(), SSL_FILETYPE_PEM) != 1)
            throw_ssl("cannot load client key \"" + key + "\"");
    }
    if (!options.min_version.empty() &&
        SSL_CTX_set_min_proto_version(native, protocol_version(options.min_version)) != 1)
        throw_ssl("cannot set minimum TLS version " + options.min_version);
    if (!options.max_version.empty() &&
        SSL_CTX_set_max_proto_version(native, protocol_version(options.max_version)) != 1)
        throw_ssl("cannot set maximum TLS version " + options.max_version);
    if (!options.ciphers.empty() && SSL_CTX_set_cipher_list(native, options.ciphers.c_str()) != 1)
        throw_ssl("invalid cipher list \"" + options.ciphers + "\"");
    static constexpr unsigned char http11[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
    SSL_CTX_set_alpn_protos(native, http11, sizeof http11);
    return ctx;
}

void prepare_client(SSL* ssl, const std::string& host, bool verify) {
    boost::system::error_code ec;
    boost::asio::ip::make_address(host, ec);
    const bool is_ip = !ec;
    // RFC 6066 forbids IP literals in SNI; the server then picks its default.
    if (!is_ip && SSL_set_tlsext_host_name(ssl, host.c_str()) != 1)
        throw_ssl("cannot set SNI \"" + host + "\"");
    if (!verify) return;
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
    if (is_ip) {
        if (X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str()) != 1)
            throw_ssl("cannot set expected IP \"" + host + "\"");
    } else if (SSL_set1_host(ssl, host.c_str()) != 1) {
        throw_ssl("cannot set expected host \"" + host + "\"");
    }
}

}  // namespace wsgate::tls
