#include "wsgate/generated.hpp"

#include <string_view>

namespace wsgate {

std::string generated_payload(std::uint64_t size, bool binary) {
    static constexpr std::string_view alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    std::string out(size, '\0');
    for (std::uint64_t i = 0; i < size; ++i)
        out[i] = binary ? static_cast<char>(i & 0xFF) : alphabet[i % alphabet.size()];
    return out;
}

}  // namespace wsgate
