// The test PKI: the good certificate verifies with a host-name check, each
// bad one fails for the reason its name promises.
#include "paths.hpp"

#include <openssl/pem.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <string>

namespace {

struct x509_free {
    void operator()(X509* c) const { X509_free(c); }
};
using cert_ptr = std::unique_ptr<X509, x509_free>;

cert_ptr load(const std::string& name) {
    const auto path = wsgate::testing::pki_dir() / (name + ".pem");
    std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "r"), &std::fclose);
    if (!f) return nullptr;
    return cert_ptr(PEM_read_X509(f.get(), nullptr, nullptr, nullptr));
}

// Verifies name.pem against the test CA; returns OpenSSL's verify result.
int verify(const std::string& name, const std::string& host, int purpose = X509_PURPOSE_SSL_SERVER) {
    auto ca = load("ca");
    auto cert = load(name);
    if (!ca || !cert) return -1;
    std::unique_ptr<X509_STORE, void (*)(X509_STORE*)> store(X509_STORE_new(), &X509_STORE_free);
    X509_STORE_add_cert(store.get(), ca.get());
    std::unique_ptr<X509_STORE_CTX, void (*)(X509_STORE_CTX*)> ctx(X509_STORE_CTX_new(),
                                                                   &X509_STORE_CTX_free);
    X509_STORE_CTX_init(ctx.get(), store.get(), cert.get(), nullptr);
    X509_STORE_CTX_set_purpose(ctx.get(), purpose);
    X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
    if (host.find_first_not_of("0123456789.") == std::string::npos)
        X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str());
    else if (!host.empty())
        X509_VERIFY_PARAM_set1_host(param, host.c_str(), 0);
    X509_verify_cert(ctx.get());
    return X509_STORE_CTX_get_error(ctx.get());
}

}  // namespace

TEST(TestPki, ServerCertificateVerifiesForEachOfItsNames) {
    EXPECT_EQ(verify("server", "api.example.com"), X509_V_OK);
    EXPECT_EQ(verify("server", "localhost"), X509_V_OK);
    EXPECT_EQ(verify("server", "127.0.0.1"), X509_V_OK);
}

TEST(TestPki, ServerCertificateFailsForOtherNames) {
    EXPECT_EQ(verify("server", "other.example.com"), X509_V_ERR_HOSTNAME_MISMATCH);
    EXPECT_EQ(verify("server", "127.0.0.2"), X509_V_ERR_IP_ADDRESS_MISMATCH);
}

TEST(TestPki, ExpiredCertificateFailsAsExpired) {
    EXPECT_EQ(verify("expired", "api.example.com"), X509_V_ERR_CERT_HAS_EXPIRED);
}

TEST(TestPki, WrongHostCertificateFailsHostCheckOnly) {
    EXPECT_EQ(verify("wronghost", "wrong.example.net"), X509_V_OK);
    EXPECT_EQ(verify("wronghost", "api.example.com"), X509_V_ERR_HOSTNAME_MISMATCH);
}

TEST(TestPki, SelfSignedCertificateFailsAsUntrusted) {
    EXPECT_EQ(verify("selfsigned", "api.example.com"), X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT);
}

TEST(TestPki, ClientCertificateIsForClientAuthOnly) {
    EXPECT_EQ(verify("client", "", X509_PURPOSE_SSL_CLIENT), X509_V_OK);
    EXPECT_EQ(verify("client", "", X509_PURPOSE_SSL_SERVER), X509_V_ERR_INVALID_PURPOSE);
}

TEST(TestPki, KeysAreNotReadableByOthers) {
    const auto perms = std::filesystem::status(wsgate::testing::pki_dir() / "server.key").permissions();
    EXPECT_EQ(perms & std::filesystem::perms::others_read, std::filesystem::perms::none);
}
