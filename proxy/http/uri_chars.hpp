// The character classes nginx 1.22 parses request targets with, shared by
// the request-line scan and the complex-URI parser.
#pragma once

#include <array>
#include <cstdint>

namespace wsgate::proxy::http::uri_chars {

// nginx's "usual" characters: a URI made only of them needs no decoding.
inline constexpr std::array<std::uint32_t, 8> usual{0x00000000, 0x7fff37d6, 0xffffffff, 0x7fffffff,
                                                    0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff};

// ngx_escape_uri's NGX_ESCAPE_URI table in nginx 1.22.
inline constexpr std::array<std::uint32_t, 8> escaped{0xffffffff, 0xd000002d, 0x50000000, 0xb8000001,
                                                      0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff};

constexpr bool in(const std::array<std::uint32_t, 8>& table, unsigned char ch) {
    return table[ch >> 5] & (1u << (ch & 0x1f));
}

// The value of a hex digit, -1 for anything else.
constexpr int hex_value(char ch) {
    if (ch >= '0' && ch <= '9') return ch - '0';
    const char c = static_cast<char>(ch | 0x20);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

}  // namespace wsgate::proxy::http::uri_chars
