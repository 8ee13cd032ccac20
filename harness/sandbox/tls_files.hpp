// The TLS files a sandboxed config names instead of the user's: server
// certificates from the test CA for each server's names, and stand-ins for
// the files a deployment has and a CI machine does not (DH parameters,
// session ticket keys).
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace wsgate::sandbox {

// The names a certificate can carry for these server_name values: exact
// names and "*.x" as written, ".x" as both x and *.x; regular expressions,
// "x.*", "" and "_" match nothing a certificate can say, nor does anything
// that is not a DNS name or an IP address.
std::vector<std::string> certificate_names(const std::vector<std::string>& server_names);

class tls_files {
public:
    tls_files(std::filesystem::path dir, std::filesystem::path pki_dir);

    // The certificate and key for these names, issued once per set of names.
    std::pair<std::filesystem::path, std::filesystem::path> certificate_for(const std::vector<std::string>& names);
    std::filesystem::path ca() const { return pki_dir_ / "ca.pem"; }
    std::filesystem::path dh_parameters();
    // nginx reads 80 bytes (AES-256 tickets) or 48 (AES-128) from the file.
    std::filesystem::path ticket_key();

private:
    std::filesystem::path dir_;
    std::filesystem::path pki_dir_;
    std::map<std::vector<std::string>, std::filesystem::path> issued_;
};

}  // namespace wsgate::sandbox
