// Fuzzes the scenario-file loader (YAML documents into cases, every key and
// value checked): a scenario_error is the expected answer to bad input; a
// crash, a sanitizer report, a hang or any other exception is a bug.
#include "fuzz_support.hpp"
#include "scenario/loader.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto file = wsgate::fuzz::scratch_folder::path() / "case.yaml";
    wsgate::fuzz::write_file(file, data, size);
    // load_file parses the file first in a forked child bounded at 5 s
    // (yaml-cpp 0.7 never ends on some inputs): run with -timeout=30.
    try {
        wsgate::scenario::load_file(file, "g");
    } catch (const wsgate::scenario::scenario_error&) {
    }
    return 0;
}
