// Fuzzes reading an agent's load result from JSON (boost::json, then
// from_json), merging it and writing the merge back as `wsgate merge` does:
// std::invalid_argument is the expected answer to a malformed result; a
// crash, a sanitizer report or any other exception is a bug.
#include "fuzz_support.hpp"
#include "load/result_json.hpp"

#include <boost/json/parse.hpp>

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    boost::system::error_code ec;
    const auto value = boost::json::parse(std::string_view(reinterpret_cast<const char*>(data), size), ec);
    if (ec) return 0;
    wsgate::load::load_result part;
    try {
        part = wsgate::load::from_json(value);
    } catch (const std::invalid_argument&) {
        return 0;
    }
    // Twice: the second merge adds onto a result that is no longer empty.
    wsgate::load::load_result total;
    total.merge(part);
    total.merge(part);
    wsgate::load::to_json(total);
    return 0;
}
