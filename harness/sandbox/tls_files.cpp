#include "sandbox/tls_files.hpp"

#include "wsgate/pki.hpp"

#include <algorithm>
#include <fstream>
#include <random>

namespace wsgate::sandbox {

namespace {

// The longer of the two ticket key sizes nginx accepts.
constexpr std::size_t ticket_key_bytes = 80;

}  // namespace

std::vector<std::string> certificate_names(const std::vector<std::string>& server_names) {
    std::vector<std::string> names;
    const auto add = [&names](const std::string& name) {
        if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
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
