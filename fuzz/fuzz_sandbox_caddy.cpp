// Fuzzes the Caddy sandbox and discovery (the token reader with quotes,
// backticks, comments and blocks, the site and upstream address forms, the
// rewrite rules): a sandbox_error is the expected answer to bad input. When
// it succeeds, the copy must keep the original's line count (Caddy's
// messages name the user's lines), every port must lie in the range it was
// given, and discovery must read the same file without failing.
#include "fuzz_sandbox_support.hpp"
#include "inspect/caddy_discovery.hpp"
#include "sandbox/caddy_sandbox.hpp"

#include "wsgate/pki.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto& folder = wsgate::fuzz::scratch_folder::path();
    static const bool pki_ready = (wsgate::pki::generate(folder / "pki"), true);
    wsgate::fuzz::check(pki_ready, "no test PKI");
    wsgate::fuzz::write_file(folder / "Caddyfile", data, size);
    try {
        const auto result = wsgate::sandbox::sandbox_caddy(
            folder / "Caddyfile",
            {.run_dir = folder / "run", .pki_dir = folder / "pki", .first_port = wsgate::fuzz::sandbox_first_port,
             .max_ports = wsgate::fuzz::sandbox_max_ports});
        wsgate::fuzz::check_sandbox_result(result);
        const auto found = wsgate::inspect::discover_caddy(folder / "Caddyfile");
        for (const auto& e : found.endpoints) wsgate::fuzz::check(!e.url.empty(), "an endpoint without a URL");
    } catch (const wsgate::sandbox::sandbox_error&) {
    }
    return 0;
}
