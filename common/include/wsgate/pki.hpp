// The test PKI: a CA, a server certificate for the seed topology and the
// deliberately bad certificates the TLS cases need. Generated with OpenSSL's
// API into a folder at build or test time; nothing private is committed.
#pragma once

#include <filesystem>

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

}  // namespace wsgate::pki
