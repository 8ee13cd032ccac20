// RFC 6455 frame codec shared by the echo backend, the scripted clients and
// the load generator. It encodes and decodes frames exactly as they are on the
// wire, including ones that break the protocol, so tests can send them and
// backends can report them.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace wsgate::ws {

namespace op {
inline constexpr std::uint8_t continuation = 0x0;
inline constexpr std::uint8_t text = 0x1;
inline constexpr std::uint8_t binary = 0x2;
inline constexpr std::uint8_t close = 0x8;
inline constexpr std::uint8_t ping = 0x9;
inline constexpr std::uint8_t pong = 0xA;
}  // namespace op

// RFC 6455 §5.5: a control frame carries at most this many payload bytes.
inline constexpr std::size_t max_control_payload = 125;

// Largest header: 2 bytes + 8 bytes extended length + 4 bytes mask key.
inline constexpr std::size_t max_header_size = 14;

struct frame_header {
    bool fin = true;
    bool rsv1 = false;
    bool rsv2 = false;
    bool rsv3 = false;
    std::uint8_t opcode = op::text;  // 4 bits as sent; may be a reserved value
    bool masked = false;
    std::array<std::uint8_t, 4> mask{};
    std::uint64_t length = 0;
};

bool is_control(std::uint8_t opcode);
bool is_reserved(std::uint8_t opcode);

// Writes the header into out (at least max_header_size bytes) and returns its
// size. The shortest length encoding that fits is used.
std::size_t encode_header(const frame_header& h, std::uint8_t* out);

// Header plus payload; the payload is masked when h.masked is set. h.length is
// taken from the payload.
std::string encode_frame(frame_header h, std::string_view payload);

// XORs data with the mask key; offset is the position of data[0] within the
// frame payload so a payload can be unmasked in pieces.
void apply_mask(std::uint8_t* data, std::size_t size, const std::array<std::uint8_t, 4>& mask,
                std::size_t offset = 0);

enum class decode_status { ok, need_more, error };

// Parses one frame header at the start of buf. On ok, header_size is the number
// of header bytes. error means a 64-bit length with its top bit set (§5.2).
decode_status decode_header(std::span<const std::uint8_t> buf, frame_header& out,
                            std::size_t& header_size);

// Which side received the frame: servers require masked frames, clients
// unmasked ones (§5.1).
enum class role { server, client };

enum class violation {
    none,
    reserved_opcode,        // §5.2: opcodes 3-7 and 0xB-0xF
    rsv_bits,               // §5.2: RSV set without a negotiated extension
    control_too_long,       // §5.5: control payload over 125 bytes
    control_fragmented,     // §5.5: control frame without FIN
    mask_mismatch,          // §5.1: client frame unmasked or server frame masked
    unexpected_continuation,// §5.4: continuation with no message in progress
    expected_continuation,  // §5.4: new data frame inside a fragmented message
    message_too_big,        // §7.4.1 1009: over the receiver's limit
    invalid_utf8,           // §8.1: text message or close reason not UTF-8
    invalid_close_payload,  // §5.5.1 / §7.4: one-byte payload or bad code
};

std::string_view describe(violation v);

// The close code §7.4.1 prescribes for a violation.
std::uint16_t close_code_for(violation v);

// Header-only checks (opcode, RSV, control frame limits, masking direction).
// rsv1_allowed is true when permessage-deflate was negotiated.
violation check_header(const frame_header& h, role receiver, bool rsv1_allowed);

struct frame {
    frame_header header;
    std::string payload;  // unmasked
};

// Incremental reader: feed bytes as they arrive, take whole frames out. It
// validates as it goes and stops at the first violation.
class frame_reader {
public:
    frame_reader(role receiver, std::uint64_t max_message_size, bool rsv1_allowed = false);

    void feed(const void* data, std::size_t size);

    // The next complete frame, or nullopt when more bytes are needed or a
    // violation was found (see error()).
    std::optional<frame> next();

    violation error() const { return error_; }
    void set_rsv1_allowed(bool allowed) { rsv1_allowed_ = allowed; }
    std::size_t buffered() const { return buffer_.size() - pos_; }

private:
    role role_;
    std::uint64_t max_message_size_;
    bool rsv1_allowed_;
    std::string buffer_;
    std::size_t pos_ = 0;
    bool in_message_ = false;
    std::uint64_t message_size_ = 0;
    violation error_ = violation::none;
};

// Close frame payload helpers (§5.5.1).
std::string close_payload(std::uint16_t code, std::string_view reason = {});

struct close_info {
    std::optional<std::uint16_t> code;  // nullopt: empty payload
    std::string reason;
};
// Returns nullopt for a payload that §5.5.1 / §7.4 forbids.
std::optional<close_info> parse_close_payload(std::string_view payload);

// §7.4: codes a peer may put on the wire.
bool is_valid_close_code(std::uint16_t code);

bool is_valid_utf8(std::string_view s);

// §4.2.2: base64(SHA-1(key + GUID)).
std::string accept_key(std::string_view sec_websocket_key);

// A fresh random 16-byte key, base64-encoded (§4.1).
std::string generate_key();

std::array<std::uint8_t, 4> random_mask();

}  // namespace wsgate::ws
