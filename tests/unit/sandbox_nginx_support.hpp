// A user's config tree written into a scratch folder, sandboxed, and read back.
#pragma once

#include "paths.hpp"
#include "sandbox/nginx_sandbox.hpp"

#include <fstream>
#include <map>
#include <sstream>
#include <string>

namespace wsgate::testing {

struct sandboxed_config {
    std::filesystem::path root;  // the user's files
    sandbox::sandbox_result result;

    // The copy of the user's file at root/relative.
    std::string copy_of(const std::string& relative) const {
        const auto original = root / relative;
        for (const auto& [copy, from] : result.copies)
            if (from == original) {
                std::ifstream in(copy);
                std::stringstream text;
                text << in.rdbuf();
                return text.str();
            }
        return "(no copy of " + original.string() + ")";
    }
    std::filesystem::path run_dir() const { return root / "run"; }
};

// files: relative path -> text; "nginx.conf" is the main file.
inline sandboxed_config sandbox_files(const std::string& name, const std::map<std::string, std::string>& files,
                                      bool move_addresses = true) {
    sandboxed_config out;
    out.root = scratch_dir(name);
    for (const auto& [path, text] : files) {
        std::filesystem::create_directories((out.root / path).parent_path());
        std::ofstream(out.root / path) << text;
    }
    out.result = sandbox::sandbox_nginx(out.root / "nginx.conf", {.run_dir = out.run_dir(),
                                                                   .pki_dir = pki_dir(),
                                                                   .compiled_prefix = "/usr/share/nginx",
                                                                   .first_port = 30400,
                                                                   .max_ports = 16,
                                                                   .move_addresses = move_addresses});
    return out;
}

}  // namespace wsgate::testing
