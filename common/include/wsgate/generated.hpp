// Generated message content both ends can recompute instead of comparing
// copies: what wsgate-echo sends for "wsgate:send N text|binary" and what
// scenarios send with text_size/binary_size.
#pragma once

#include <cstdint>
#include <string>

namespace wsgate {

// Text cycles through a-z A-Z 0-9 (valid UTF-8); binary byte i is i mod 256,
// so every byte value appears and any slice can be checked.
std::string generated_payload(std::uint64_t size, bool binary);

}  // namespace wsgate
