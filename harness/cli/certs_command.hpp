// `wsgate certs --out DIR`: the test PKI, as wsgate-certs writes it.
#pragma once

#include <filesystem>

namespace wsgate::cli {

int run_certs(const std::filesystem::path& out);

}  // namespace wsgate::cli
