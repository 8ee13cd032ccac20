// Fuzzes the nginx-syntax configuration loader (lexer, includes, directive
// rules): a config_error is the expected answer to bad input; a crash, a
// sanitizer report, a hang or any other exception is a bug.
#include "config/loader.hpp"
#include "fuzz_support.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto& folder = wsgate::fuzz::scratch_folder::path();
    // The same bytes as the main file and as inc.conf, so "include inc.conf;"
    // or "include nginx.conf;" in the input reaches nested includes and cycles.
    wsgate::fuzz::write_file(folder / "nginx.conf", data, size);
    wsgate::fuzz::write_file(folder / "inc.conf", data, size);
    try {
        wsgate::proxy::config::load((folder / "nginx.conf").string());
    } catch (const wsgate::proxy::config::config_error&) {
    }
    return 0;
}
