// `wsgate certs --out DIR [--host NAME]...`: the test PKI, as wsgate-certs writes it, and
// certificates from its CA for any host names.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace wsgate::cli {

// hosts: also host.pem/host.key for those names (the first names the files).
int run_certs(const std::filesystem::path& out, const std::vector<std::string>& hosts = {});

}  // namespace wsgate::cli
