#include "wsgate/frame.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <cstring>
#include <stdexcept>

namespace wsgate::ws {

bool is_control(std::uint8_t opcode) { return (opcode & 0x8) != 0; }

bool is_reserved(std::uint8_t opcode) {
    return (opcode >= 0x3 && opcode <= 0x7) || opcode >= 0xB;
}

std::size_t encode_header(const frame_header& h, std::uint8_t* out) {
    std::size_t n = 0;
    out[n++] = static_cast<std::uint8_t>((h.fin ? 0x80 : 0) | (h.rsv1 ? 0x40 : 0) |
                                         (h.rsv2 ? 0x20 : 0) | (h.rsv3 ? 0x10 : 0) |
                                         (h.opcode & 0x0F));
    const std::uint8_t mask_bit = h.masked ? 0x80 : 0;
    if (h.length < 126) {
        out[n++] = static_cast<std::uint8_t>(mask_bit | h.length);
    } else if (h.length <= 0xFFFF) {
        out[n++] = mask_bit | 126;
        out[n++] = static_cast<std::uint8_t>(h.length >> 8);
        out[n++] = static_cast<std::uint8_t>(h.length);
    } else {
        out[n++] = mask_bit | 127;
        for (int shift = 56; shift >= 0; shift -= 8) {
            out[n++] = static_cast<std::uint8_t>(h.length >> shift);
        }
    }
    if (h.masked) {
        std::memcpy(out + n, h.mask.data(), 4);
        n += 4;
    }
    return n;
}

std::string encode_frame(frame_header h, std::string_view payload) {
    h.length = payload.size();
    std::uint8_t head[max_header_size];
    const std::size_t head_size = encode_header(h, head);
    std::string out;
    out.resize(head_size + payload.size());
    std::memcpy(out.data(), head, head_size);
    if (!payload.empty()) {
        std::memcpy(out.data() + head_size, payload.data(), payload.size());
    }
    if (h.masked) {
        apply_mask(reinterpret_cast<std::uint8_t*>(out.data()) + head_size, payload.size(), h.mask);
    }
    return out;
}

void apply_mask(std::uint8_t* data, std::size_t size, const std::array<std::uint8_t, 4>& mask,
                std::size_t offset) {
    // Rotate the key so byte 0 of data lines up with its position in the
    // payload, then XOR eight bytes at a time.
    std::uint8_t key[8];
    for (std::size_t i = 0; i < 8; ++i) key[i] = mask[(offset + i) & 3];
    std::uint64_t wide;
    std::memcpy(&wide, key, 8);
    std::size_t i = 0;
    for (; i + 8 <= size; i += 8) {
        std::uint64_t chunk;
        std::memcpy(&chunk, data + i, 8);
        chunk ^= wide;
        std::memcpy(data + i, &chunk, 8);
    }
    for (; i < size; ++i) data[i] ^= key[i & 7];
}

decode_status decode_header(std::span<const std::uint8_t> buf, frame_header& out,
                            std::size_t& header_size) {
    if (buf.size() < 2) return decode_status::need_more;
    const std::uint8_t b0 = buf[0];
    const std::uint8_t b1 = buf[1];
    out.fin = (b0 & 0x80) != 0;
    out.rsv1 = (b0 & 0x40) != 0;
    out.rsv2 = (b0 & 0x20) != 0;
    out.rsv3 = (b0 & 0x10) != 0;
    out.opcode = b0 & 0x0F;
    out.masked = (b1 & 0x80) != 0;
    std::size_t n = 2;
    const std::uint8_t len7 = b1 & 0x7F;
    if (len7 < 126) {
        out.length = len7;
    } else if (len7 == 126) {
        if (buf.size() < n + 2) return decode_status::need_more;
        out.length = (std::uint64_t{buf[2]} << 8) | buf[3];
        n += 2;
    } else {
        if (buf.size() < n + 8) return decode_status::need_more;
        std::uint64_t len = 0;
        for (std::size_t i = 0; i < 8; ++i) len = (len << 8) | buf[2 + i];
        if (len >> 63) return decode_status::error;
        out.length = len;
        n += 8;
    }
    if (out.masked) {
        if (buf.size() < n + 4) return decode_status::need_more;
        std::memcpy(out.mask.data(), buf.data() + n, 4);
        n += 4;
    } else {
        out.mask = {};
    }
    header_size = n;
    return decode_status::ok;
}

std::string_view describe(violation v) {
    static const std::string control_too_long =
        "control frame payload over " + std::to_string(max_control_payload) + " bytes";
    switch (v) {
        case violation::none: return "no violation";
        case violation::reserved_opcode: return "reserved opcode";
        case violation::rsv_bits: return "RSV bits set without a negotiated extension";
        case violation::control_too_long: return control_too_long;
        case violation::control_fragmented: return "fragmented control frame";
        case violation::mask_mismatch: return "frame masking does not match the sender's role";
        case violation::unexpected_continuation: return "continuation frame without a message in progress";
        case violation::expected_continuation: return "new data frame inside a fragmented message";
        case violation::message_too_big: return "message larger than the limit";
        case violation::invalid_utf8: return "invalid UTF-8";
        case violation::invalid_close_payload: return "invalid close frame payload";
    }
    return "unknown violation";
}

std::uint16_t close_code_for(violation v) {
    switch (v) {
        case violation::none: return 1000;
        case violation::message_too_big: return 1009;
        case violation::invalid_utf8: return 1007;
        default: return 1002;
    }
}

violation check_header(const frame_header& h, role receiver, bool rsv1_allowed) {
    if (is_reserved(h.opcode)) return violation::reserved_opcode;
    if (h.rsv2 || h.rsv3 || (h.rsv1 && !rsv1_allowed)) return violation::rsv_bits;
    if (is_control(h.opcode)) {
        if (h.length > max_control_payload) return violation::control_too_long;
        if (!h.fin) return violation::control_fragmented;
        if (h.rsv1) return violation::rsv_bits;
    }
    const bool want_masked = receiver == role::server;
    if (h.masked != want_masked) return violation::mask_mismatch;
    return violation::none;
}

frame_reader::frame_reader(role receiver, std::uint64_t max_message_size, bool rsv1_allowed)
    : role_(receiver), max_message_size_(max_message_size), rsv1_allowed_(rsv1_allowed) {}

void frame_reader::feed(const void* data, std::size_t size) {
    // Drop consumed bytes before appending so the buffer stays one message big.
    if (pos_ > 0 && pos_ >= buffer_.size() / 2) {
        buffer_.erase(0, pos_);
        pos_ = 0;
    }
    buffer_.append(static_cast<const char*>(data), size);
}

std::optional<frame> frame_reader::next() {
    if (error_ != violation::none) return std::nullopt;
    const auto* base = reinterpret_cast<const std::uint8_t*>(buffer_.data()) + pos_;
    const std::size_t avail = buffer_.size() - pos_;
    frame f;
    std::size_t header_size = 0;
    switch (decode_header({base, avail}, f.header, header_size)) {
        case decode_status::need_more: return std::nullopt;
        case decode_status::error: error_ = violation::message_too_big; return std::nullopt;
        case decode_status::ok: break;
    }
    if (auto v = check_header(f.header, role_, rsv1_allowed_); v != violation::none) {
        error_ = v;
        return std::nullopt;
    }
    const bool control = is_control(f.header.opcode);
    if (!control) {
        if (f.header.opcode == op::continuation && !in_message_) {
            error_ = violation::unexpected_continuation;
            return std::nullopt;
        }
        if (f.header.opcode != op::continuation && in_message_) {
            error_ = violation::expected_continuation;
            return std::nullopt;
        }
        const std::uint64_t so_far = f.header.opcode == op::continuation ? message_size_ : 0;
        if (f.header.length > max_message_size_ || so_far + f.header.length > max_message_size_) {
            error_ = violation::message_too_big;
            return std::nullopt;
        }
    }
    if (avail - header_size < f.header.length) return std::nullopt;
    f.payload.assign(reinterpret_cast<const char*>(base + header_size), f.header.length);
    if (f.header.masked) {
        apply_mask(reinterpret_cast<std::uint8_t*>(f.payload.data()), f.payload.size(), f.header.mask);
    }
    pos_ += header_size + f.header.length;
    if (!control) {
        message_size_ = (f.header.opcode == op::continuation ? message_size_ : 0) + f.header.length;
        in_message_ = !f.header.fin;
    }
    if (f.header.opcode == op::close && !parse_close_payload(f.payload)) {
        error_ = violation::invalid_close_payload;
        if (f.payload.size() >= 2 && !is_valid_utf8(std::string_view(f.payload).substr(2))) {
            error_ = violation::invalid_utf8;
        }
        return std::nullopt;
    }
    return f;
}

std::string close_payload(std::uint16_t code, std::string_view reason) {
    std::string out;
    out.reserve(2 + reason.size());
    out.push_back(static_cast<char>(code >> 8));
    out.push_back(static_cast<char>(code & 0xFF));
    out.append(reason);
    return out;
}

bool is_valid_close_code(std::uint16_t code) {
    if (code >= 3000 && code <= 4999) return true;
    switch (code) {
        case 1000: case 1001: case 1002: case 1003: case 1007: case 1008:
        case 1009: case 1010: case 1011: case 1012: case 1013: case 1014:
            return true;
        default:
            return false;
    }
}

std::optional<close_info> parse_close_payload(std::string_view payload) {
    close_info info;
    if (payload.empty()) return info;
    if (payload.size() == 1) return std::nullopt;
    const auto code = static_cast<std::uint16_t>((static_cast<std::uint8_t>(payload[0]) << 8) |
                                                 static_cast<std::uint8_t>(payload[1]));
    if (!is_valid_close_code(code)) return std::nullopt;
    info.code = code;
    info.reason.assign(payload.substr(2));
    if (!is_valid_utf8(info.reason)) return std::nullopt;
    return info;
}

bool is_valid_utf8(std::string_view s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const auto* end = p + s.size();
    while (p < end) {
        const unsigned char c = *p;
        if (c < 0x80) {
            // ASCII runs are checked eight bytes at a time.
            std::uint64_t word;
            while (end - p >= 8 && (std::memcpy(&word, p, 8), (word & 0x8080808080808080ull) == 0)) p += 8;
            if (p < end && *p < 0x80) ++p;
            continue;
        }
        std::size_t extra;
        std::uint32_t cp;
        if ((c & 0xE0) == 0xC0) { extra = 1; cp = c & 0x1F; }
        else if ((c & 0xF0) == 0xE0) { extra = 2; cp = c & 0x0F; }
        else if ((c & 0xF8) == 0xF0) { extra = 3; cp = c & 0x07; }
        else return false;
        if (static_cast<std::size_t>(end - p) <= extra) return false;
        for (std::size_t i = 1; i <= extra; ++i) {
            if ((p[i] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        // Overlong forms, surrogates and values past U+10FFFF are invalid.
        static constexpr std::uint32_t min_for[] = {0, 0x80, 0x800, 0x10000};
        if (cp < min_for[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        p += extra + 1;
    }
    return true;
}

namespace {
std::string base64(const unsigned char* data, std::size_t size) {
    std::string out(4 * ((size + 2) / 3), '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data,
                                  static_cast<int>(size));
    out.resize(static_cast<std::size_t>(n));
    return out;
}
}  // namespace

std::string accept_key(std::string_view sec_websocket_key) {
    static constexpr std::string_view guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    std::string input(sec_websocket_key);
    input.append(guid);
    unsigned char digest[SHA_DIGEST_LENGTH];
    SHA1(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
    return base64(digest, sizeof digest);
}

std::string generate_key() {
    unsigned char raw[16];
    if (RAND_bytes(raw, sizeof raw) != 1) throw std::runtime_error("RAND_bytes failed");
    return base64(raw, sizeof raw);
}

std::array<std::uint8_t, 4> random_mask() {
    std::array<std::uint8_t, 4> m{};
    if (RAND_bytes(m.data(), 4) != 1) throw std::runtime_error("RAND_bytes failed");
    return m;
}

}  // namespace wsgate::ws
