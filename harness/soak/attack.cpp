#include "soak/attack.hpp"

#include "soak/attack_kinds.hpp"

#include <array>

namespace wsgate::soak {

namespace {

// What each one does is said beside its declaration (attack_kinds.hpp).
constexpr std::array table{
    attack{"slowloris", false, slowloris},
    attack{"half-open", false, half_open},
    attack{"churn", false, churn},
    attack{"huge-heads", false, huge_heads},
    attack{"bad-chunked", false, bad_chunked},
    attack{"nul-bytes", false, nul_bytes},
    attack{"garbage-after-101", false, garbage_after_101},
    attack{"huge-frame-lengths", false, huge_frame_lengths},
    attack{"bad-frames", false, bad_frames},
    attack{"tls-garbage", true, tls_garbage},
};

}  // namespace

std::span<const attack> attacks() { return table; }

const attack* find_attack(std::string_view name) {
    for (const auto& a : table)
        if (a.name == name) return &a;
    return nullptr;
}

}  // namespace wsgate::soak
