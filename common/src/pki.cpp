#include "wsgate/pki.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/core_names.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include <fcntl.h>
#include <arpa/inet.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace wsgate::pki {

namespace {

namespace fs = std::filesystem;

constexpr long seconds_per_day = 24 * 60 * 60;
// Validity in days from now. Certificates start yesterday, so a peer whose
// clock is a little behind still accepts them.
constexpr long yesterday = -1;
// The longest validity macOS and iOS accept for a TLS server certificate.
constexpr long leaf_validity_days = 825;
// The CA outlives every certificate it signs.
constexpr long ca_validity_days = 3650;
// The expired certificate was valid from a month ago until yesterday.
constexpr long expired_start_days = -30;

struct key_deleter {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct cert_deleter {
    void operator()(X509* c) const { X509_free(c); }
};
struct file_closer {
    void operator()(FILE* f) const { std::fclose(f); }
};
using key_ptr = std::unique_ptr<EVP_PKEY, key_deleter>;
using cert_ptr = std::unique_ptr<X509, cert_deleter>;

[[noreturn]] void fail(const std::string& what) {
    char buf[256] = "no OpenSSL error recorded";
    if (unsigned long code = ERR_get_error()) ERR_error_string_n(code, buf, sizeof buf);
    ERR_clear_error();
    throw std::runtime_error("test PKI: " + what + ": " + buf);
}

key_ptr make_key() {
    key_ptr key(EVP_EC_gen("P-256"));
    if (!key) fail("cannot generate an EC key");
    return key;
}

struct cert_spec {
    std::string common_name;
    std::vector<std::string> sans;  // "DNS:x" / "IP:x"
    bool is_ca = false;
    bool client = false;
    long not_before_days = yesterday;
    long not_after_days = leaf_validity_days;
};

void add_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
    if (!ext) fail("cannot build extension " + value);
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
}

std::string join_sans(const std::vector<std::string>& sans) {
    std::string joined;
    for (const auto& san : sans) joined += (joined.empty() ? "" : ",") + san;
    return joined;
}

// Signs a certificate for key; a null issuer makes it self-signed.
cert_ptr make_cert(const cert_spec& spec, EVP_PKEY* key, X509* issuer, EVP_PKEY* issuer_key) {
    cert_ptr cert(X509_new());
    if (!cert) fail("cannot allocate a certificate");
    X509_set_version(cert.get(), 2);
    unsigned char serial[16];
    RAND_bytes(serial, sizeof serial);
    serial[0] &= 0x7f;
    BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
    BN_free(bn);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), spec.not_before_days * seconds_per_day);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), spec.not_after_days * seconds_per_day);
    X509_set_pubkey(cert.get(), key);

    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("wsgate"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>(spec.common_name.c_str()), -1,
                               -1, 0);
    X509* signer = issuer ? issuer : cert.get();
    X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));

    if (spec.is_ca) {
        add_extension(cert.get(), signer, NID_basic_constraints, "critical,CA:TRUE");
        add_extension(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
    } else {
        add_extension(cert.get(), signer, NID_basic_constraints, "critical,CA:FALSE");
        add_extension(cert.get(), signer, NID_key_usage, "critical,digitalSignature");
        add_extension(cert.get(), signer, NID_ext_key_usage, spec.client ? "clientAuth" : "serverAuth");
    }
    if (!spec.sans.empty())
        add_extension(cert.get(), signer, NID_subject_alt_name, join_sans(spec.sans));
    add_extension(cert.get(), signer, NID_subject_key_identifier, "hash");
    if (issuer) add_extension(cert.get(), signer, NID_authority_key_identifier, "keyid:always");

    if (X509_sign(cert.get(), issuer_key ? issuer_key : key, EVP_sha256()) == 0)
        fail("cannot sign the certificate for " + spec.common_name);
    return cert;
}

std::unique_ptr<FILE, file_closer> open_for_write(const fs::path& path, mode_t mode) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0) throw std::runtime_error("test PKI: cannot write " + path.string());
    return std::unique_ptr<FILE, file_closer>(fdopen(fd, "w"));
}

// Writes through a temporary name and renames, so a reader never sees half a file.
void write_pair(const fs::path& dir, const std::string& name, X509* cert, EVP_PKEY* key) {
    const auto tmp_suffix = ".tmp." + std::to_string(::getpid());
    const auto pem = dir / (name + ".pem");
    const auto key_file = dir / (name + ".key");
    {
        auto f = open_for_write(pem.string() + tmp_suffix, 0644);
        if (PEM_write_X509(f.get(), cert) != 1) fail("cannot write " + pem.string());
    }
    {
        auto f = open_for_write(key_file.string() + tmp_suffix, 0600);
        if (PEM_write_PrivateKey(f.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
            fail("cannot write " + key_file.string());
    }
    fs::rename(pem.string() + tmp_suffix, pem);
    fs::rename(key_file.string() + tmp_suffix, key_file);
}

// The set is reusable when every file is there and the server certificate is
// valid for at least another day.
bool still_valid(const fs::path& dir) {
    for (const char* name : names) {
        if (!fs::exists(dir / (std::string(name) + ".pem")) ||
            !fs::exists(dir / (std::string(name) + ".key")))
            return false;
    }
    std::unique_ptr<FILE, file_closer> f(std::fopen((dir / "server.pem").c_str(), "r"));
    if (!f) return false;
    cert_ptr cert(PEM_read_X509(f.get(), nullptr, nullptr, nullptr));
    if (!cert) return false;
    std::time_t tomorrow = std::time(nullptr) + seconds_per_day;
    return X509_cmp_time(X509_get0_notAfter(cert.get()), &tomorrow) > 0;
}

key_ptr read_key(const fs::path& file) {
    std::unique_ptr<FILE, file_closer> f(std::fopen(file.c_str(), "r"));
    key_ptr key(f ? PEM_read_PrivateKey(f.get(), nullptr, nullptr, nullptr) : nullptr);
    if (!key) fail("cannot read " + file.string());
    return key;
}

cert_ptr read_cert(const fs::path& file) {
    std::unique_ptr<FILE, file_closer> f(std::fopen(file.c_str(), "r"));
    cert_ptr cert(f ? PEM_read_X509(f.get(), nullptr, nullptr, nullptr) : nullptr);
    if (!cert) fail("cannot read " + file.string());
    return cert;
}

bool is_ip_address(const std::string& host) {
    unsigned char buf[16];
    return inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

class folder_lock {
public:
    explicit folder_lock(const fs::path& dir) {
        fd_ = ::open((dir / ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd_ < 0 || ::flock(fd_, LOCK_EX) != 0)
            throw std::runtime_error("test PKI: cannot lock " + dir.string());
    }
    ~folder_lock() { ::close(fd_); }
    folder_lock(const folder_lock&) = delete;
    folder_lock& operator=(const folder_lock&) = delete;

private:
    int fd_ = -1;
};

}  // namespace

void generate(const std::filesystem::path& out_dir) {
    fs::create_directories(out_dir);
    folder_lock lock(out_dir);
    if (still_valid(out_dir)) return;

    const std::vector<std::string> server_sans = {"DNS:api.example.com", "DNS:localhost",
                                                  "IP:127.0.0.1"};
    auto ca_key = make_key();
    auto ca = make_cert({.common_name = "wsgate test CA", .is_ca = true, .not_after_days = ca_validity_days},
                        ca_key.get(), nullptr, nullptr);

    auto server_key = make_key();
    auto server = make_cert({.common_name = "api.example.com", .sans = server_sans}, server_key.get(),
                            ca.get(), ca_key.get());

    auto expired_key = make_key();
    auto expired = make_cert({.common_name = "api.example.com",
                              .sans = server_sans,
                              .not_before_days = expired_start_days,
                              .not_after_days = yesterday},
                             expired_key.get(), ca.get(), ca_key.get());

    auto wronghost_key = make_key();
    auto wronghost = make_cert({.common_name = "wrong.example.net", .sans = {"DNS:wrong.example.net"}},
                               wronghost_key.get(), ca.get(), ca_key.get());

    auto selfsigned_key = make_key();
    auto selfsigned = make_cert({.common_name = "api.example.com", .sans = server_sans},
                                selfsigned_key.get(), nullptr, nullptr);

    auto client_key = make_key();
    auto client = make_cert({.common_name = "wsgate test client", .client = true}, client_key.get(),
                            ca.get(), ca_key.get());

    write_pair(out_dir, "ca", ca.get(), ca_key.get());
    write_pair(out_dir, "expired", expired.get(), expired_key.get());
    write_pair(out_dir, "wronghost", wronghost.get(), wronghost_key.get());
    write_pair(out_dir, "selfsigned", selfsigned.get(), selfsigned_key.get());
    write_pair(out_dir, "client", client.get(), client_key.get());
    // The server pair goes last: still_valid() looks at it, so a crash midway
    // leaves a set that is regenerated next time.
    write_pair(out_dir, "server", server.get(), server_key.get());
}

void issue_server_certificate(const std::filesystem::path& pki_dir, const std::filesystem::path& out_stem,
                              const std::vector<std::string>& hosts) {
    auto ca_key = read_key(pki_dir / "ca.key");
    auto ca = read_cert(pki_dir / "ca.pem");
    std::vector<std::string> sans;
    const auto add = [&sans](const std::string& san) {
        if (std::find(sans.begin(), sans.end(), san) == sans.end()) sans.push_back(san);
    };
    for (const auto& host : hosts) add((is_ip_address(host) ? "IP:" : "DNS:") + host);
    add("DNS:localhost");
    add("IP:127.0.0.1");
    const auto common_name = hosts.empty() ? std::string("localhost") : hosts.front();
    auto key = make_key();
    auto cert = make_cert({.common_name = common_name, .sans = sans}, key.get(), ca.get(), ca_key.get());
    fs::create_directories(out_stem.parent_path());
    write_pair(out_stem.parent_path(), out_stem.filename().string(), cert.get(), key.get());
}

void write_dh_parameters(const std::filesystem::path& file) {
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(EVP_PKEY_CTX_new_from_name(nullptr, "DH", nullptr),
                                                                    &EVP_PKEY_CTX_free);
    char group[] = "ffdhe2048";
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, group, 0),
                                 OSSL_PARAM_construct_end()};
    EVP_PKEY* raw = nullptr;
    if (!ctx || EVP_PKEY_paramgen_init(ctx.get()) <= 0 || EVP_PKEY_CTX_set_params(ctx.get(), params) <= 0 ||
        EVP_PKEY_paramgen(ctx.get(), &raw) <= 0)
        fail("cannot build the ffdhe2048 parameters");
    key_ptr dh(raw);
    fs::create_directories(file.parent_path());
    std::unique_ptr<BIO, decltype(&BIO_free)> out(BIO_new_file(file.c_str(), "w"), &BIO_free);
    if (!out || PEM_write_bio_Parameters(out.get(), dh.get()) != 1) fail("cannot write " + file.string());
}

}  // namespace wsgate::pki
