// The test PKI: a CA, a server certificate for the seed topology and the
// deliberately bad certificates the TLS cases need. Generated with OpenSSL's
// API into a folder at build or test time; nothing private is committed.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace wsgate::pki {

// Files written into the output folder (each NAME.pem with NAME.key):
//   ca          test CA (CN "wsgate test CA")
//   server      api.example.com, SANs api.example.com, localhost, 127.0.0.1; signed by ca
//   expired     like server but validity ended yesterday
//   wronghost   signed by ca for wrong.example.net only
//   selfsigned  api.example.com, self-signed
//   client      client certificate (extendedKeyUsage clientAuth) signed by ca
inline constexpr const char* names[] = {"ca", "server", "expired", "wronghost", "selfsigned", "client"};

// Creates the folder if needed and writes all files. Existing files are kept
// when the whole set is present and the server certificate is valid for at
// least another day, so concurrent test binaries see a stable PKI.
// Throws std::runtime_error on failure.
void generate(const std::filesystem::path& out_dir);

// Signs a server certificate with the CA of pki_dir (generate() first) for
// hosts: names ("api.example.com", "*.example.com") and IP addresses, plus
// localhost and 127.0.0.1, so the proxy serving a user's config presents a
// certificate clients verify against ca.pem. Writes out_stem.pem and
// out_stem.key. Throws std::runtime_error on failure.
void issue_server_certificate(const std::filesystem::path& pki_dir, const std::filesystem::path& out_stem,
                              const std::vector<std::string>& hosts);

// Writes the Diffie-Hellman parameters of RFC 7919's ffdhe2048 group (a
// named group: nothing to generate, nothing weak) for `ssl_dhparam`.
void write_dh_parameters(const std::filesystem::path& file);

}  // namespace wsgate::pki
