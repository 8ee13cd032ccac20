// Fuzzes the reader of a user's expectations file (wsgate.yaml: endpoints
// to skip or add, names, scenario files): a scenario_error is the expected
// answer to bad input; a crash, a sanitizer report, a hang or any other
// exception is a bug.
#include "fuzz_support.hpp"
#include "scenario/expectations.hpp"
#include "scenario/loader.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto file = wsgate::fuzz::scratch_folder::path() / "wsgate.yaml";
    wsgate::fuzz::write_file(file, data, size);
    // The YAML is parsed first in a forked child bounded at 5 s, as for
    // scenario files: run with -timeout=30.
    try {
        wsgate::scenario::load_expectations(file);
    } catch (const wsgate::scenario::scenario_error&) {
    }
    return 0;
}
