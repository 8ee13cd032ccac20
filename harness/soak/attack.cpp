#include "soak/attack.hpp"

#include "soak/attack_kinds.hpp"

#include <array>

namespace wsgate::soak {

namespace {

constexpr std::array table{
    attack{"slowloris", "300 connections send a request head one header line per second, never finishing it", false,
           slowloris},
    attack{"half-open", "300 connections are opened and send nothing", false, half_open},
    attack{"churn", "connect and close (nine in ten with a reset) as fast as the server accepts, up to 10,000/s",
           false, churn},
    attack{"huge-heads", "request heads with a 1 MiB header line, a 1 MiB request line, 10,000 header lines", false,
           huge_heads},
    attack{"bad-chunked",
           "chunked bodies: a 2^64-19 chunk size, non-hex sizes, bare LF, endless extensions, a body cut short", false,
           bad_chunked},
    attack{"nul-bytes", "NUL in the request line, in a header, and %00 in the path of an upgrade", false, nul_bytes},
    attack{"garbage-after-101", "a valid upgrade, then 64 KiB of random bytes instead of frames", false,
           garbage_after_101},
    attack{"huge-frame-lengths", "a valid upgrade, then frames announcing 2^63-1 and 2^63 payload bytes", false,
           huge_frame_lengths},
    attack{"bad-frames", "a valid upgrade, then unmasked, reserved-opcode, RSV and oversized control frames", false,
           bad_frames},
    attack{"tls-garbage", "random bytes, a truncated ClientHello and a 16 KiB record header at the TLS listener",
           true, tls_garbage},
};

}  // namespace

std::span<const attack> attacks() { return table; }

const attack* find_attack(std::string_view name) {
    for (const auto& a : table)
        if (a.name == name) return &a;
    return nullptr;
}

}  // namespace wsgate::soak
