// Fuzzes the sandbox of a user's nginx config (the tree reader with word
// places, the address forms, the rewrite rules): a sandbox_error is the
// expected answer to bad input. When it succeeds, every copy must keep its
// original's line count (the proxy's messages name the user's lines) and
// every port must lie in the range it was given.
#include "fuzz_sandbox_support.hpp"
#include "sandbox/nginx_sandbox.hpp"

#include "wsgate/pki.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto& folder = wsgate::fuzz::scratch_folder::path();
    static const bool pki_ready = (wsgate::pki::generate(folder / "pki"), true);
    wsgate::fuzz::check(pki_ready, "no test PKI");
    // The same bytes as the main file and as inc.conf, as in fuzz_nginx_config.
    wsgate::fuzz::write_file(folder / "nginx.conf", data, size);
    wsgate::fuzz::write_file(folder / "inc.conf", data, size);
    try {
        const auto result = wsgate::sandbox::sandbox_nginx(
            folder / "nginx.conf",
            {.run_dir = folder / "run", .pki_dir = folder / "pki", .first_port = wsgate::fuzz::sandbox_first_port,
             .max_ports = wsgate::fuzz::sandbox_max_ports});
        wsgate::fuzz::check_sandbox_result(result);
    } catch (const wsgate::sandbox::sandbox_error&) {
    }
    return 0;
}
