#include "sandbox/tls_files.hpp"

#include "wsgate/pki.hpp"

#include <algorithm>
#include <fstream>
#include <random>

namespace wsgate::sandbox {

namespace {

// The longer of the two ticket key sizes nginx accepts.
constexpr std::size_t ticket_key_bytes = 80;

// A name a certificate's subjectAltName can carry: DNS labels of letters,
// digits and '-' (a leading "*." allowed), or an IP address's digits and
// dots. Anything else (a pattern, a typo, bytes) is no name at all.
bool certificate_can_name(const std::string& name) {
    const auto rest = name.starts_with("*.") ? name.substr(2) : name;
    if (rest.empty() || rest.size() > 253 || rest.front() == '.' || rest.back() == '.') return false;
    return std::all_of(rest.begin(), rest.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
    });
}

}  // namespace

std::vector<std::string> certificate_names(const std::vector<std::string>& server_names) {
    std::vector<std::string> names;
    const auto add = [&names](const std::string& name) {
        if (certificate_can_name(name) && std::find(names.begin(), names.end(), name) == names.end())
            names.push_back(name);
    };
    for (const auto& name : server_names) {
        if (name.empty() || name == "_" || name.starts_with("~") || name.ends_with(".*")) continue;
        if (name.starts_with(".")) {
            add(name.substr(1));
            add("*" + name);
            continue;
        }
        add(name);
    }
    return names;
}

tls_files::tls_files(std::filesystem::path dir, std::filesystem::path pki_dir)
    : dir_(std::move(dir)), pki_dir_(std::move(pki_dir)) {}

std::pair<std::filesystem::path, std::filesystem::path> tls_files::certificate_for(
    const std::vector<std::string>& names) {
    auto stem = issued_.find(names);
    if (stem == issued_.end()) {
        const auto path = dir_ / ("server-" + std::to_string(issued_.size() + 1));
        pki::issue_server_certificate(pki_dir_, path, names);
        stem = issued_.emplace(names, path).first;
    }
    return {stem->second.string() + ".pem", stem->second.string() + ".key"};
}

std::filesystem::path tls_files::dh_parameters() {
    const auto file = dir_ / "dhparam.pem";
    if (!std::filesystem::exists(file)) pki::write_dh_parameters(file);
    return file;
}

std::filesystem::path tls_files::ticket_key() {
    const auto file = dir_ / "ticket.key";
    if (!std::filesystem::exists(file)) {
        std::filesystem::create_directories(dir_);
        std::random_device random;
        std::ofstream out(file, std::ios::binary);
        for (std::size_t i = 0; i < ticket_key_bytes; ++i) out.put(static_cast<char>(random()));
    }
    return file;
}

}  // namespace wsgate::sandbox
