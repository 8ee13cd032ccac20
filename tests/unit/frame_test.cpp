// RFC 6455 §5: the shared frame codec.
#include "wsgate/frame.hpp"

#include <gtest/gtest.h>

#include <string>

namespace ws = wsgate::ws;

namespace {

ws::frame_header client_header(std::uint8_t opcode, bool fin = true) {
    ws::frame_header h;
    h.opcode = opcode;
    h.fin = fin;
    h.masked = true;
    h.mask = {0x12, 0x34, 0x56, 0x78};
    return h;
}

std::optional<ws::frame> read_one(const std::string& wire, ws::role receiver = ws::role::server,
                                  std::uint64_t max = 1 << 24) {
    ws::frame_reader reader(receiver, max);
    reader.feed(wire.data(), wire.size());
    return reader.next();
}

ws::violation violation_of(const std::string& wire, ws::role receiver = ws::role::server) {
    ws::frame_reader reader(receiver, 1 << 20);
    reader.feed(wire.data(), wire.size());
    while (reader.next()) {
    }
    return reader.error();
}

}  // namespace

class FrameLengthEncoding : public ::testing::TestWithParam<std::size_t> {};

// §5.2: 7-bit, 16-bit and 64-bit payload lengths, shortest form used.
TEST_P(FrameLengthEncoding, RoundTripsMaskedPayloadOfEveryLengthForm) {
    const std::size_t size = GetParam();
    std::string payload(size, '\0');
    for (std::size_t i = 0; i < size; ++i) payload[i] = static_cast<char>(i * 7);
    const auto wire = ws::encode_frame(client_header(ws::op::binary), payload);

    const std::size_t expected_header = size < 126 ? 6 : size <= 0xFFFF ? 8 : 14;
    EXPECT_EQ(wire.size(), expected_header + size);
    EXPECT_NE(wire.substr(expected_header), payload.empty() ? "x" : payload) << "payload is masked";

    auto f = read_one(wire);
    ASSERT_TRUE(f.has_value());
    EXPECT_EQ(f->header.opcode, ws::op::binary);
    EXPECT_TRUE(f->header.fin);
    EXPECT_TRUE(f->header.masked);
    EXPECT_EQ(f->header.length, size);
    EXPECT_EQ(f->payload, payload);
}

INSTANTIATE_TEST_SUITE_P(Rfc6455Section5_2, FrameLengthEncoding,
                         ::testing::Values(0, 1, 125, 126, 65535, 65536, 200000));

TEST(FrameCodec, DecodesAHeaderFedOneByteAtATime) {
    const auto wire = ws::encode_frame(client_header(ws::op::text), std::string(300, 'a'));
    ws::frame_reader reader(ws::role::server, 1 << 20);
    std::optional<ws::frame> f;
    for (char c : wire) {
        EXPECT_FALSE(f.has_value());
        reader.feed(&c, 1);
        f = reader.next();
    }
    ASSERT_TRUE(f.has_value());
    EXPECT_EQ(f->payload, std::string(300, 'a'));
}

TEST(FrameCodec, MaskingInPiecesEqualsMaskingAtOnce) {
    const std::array<std::uint8_t, 4> mask{1, 2, 3, 4};
    std::string whole(1000, 'z'), pieces = whole;
    ws::apply_mask(reinterpret_cast<std::uint8_t*>(whole.data()), whole.size(), mask);
    ws::apply_mask(reinterpret_cast<std::uint8_t*>(pieces.data()), 333, mask, 0);
    ws::apply_mask(reinterpret_cast<std::uint8_t*>(pieces.data()) + 333, 667, mask, 333);
    EXPECT_EQ(whole, pieces);
}

TEST(FrameCodec, KeepsRsvBitsAndReservedOpcodesAsSent) {
    auto h = client_header(0x3);
    h.rsv2 = true;
    const auto wire = ws::encode_frame(h, "x");
    ws::frame_header decoded;
    std::size_t header_size = 0;
    ASSERT_EQ(ws::decode_header({reinterpret_cast<const std::uint8_t*>(wire.data()), wire.size()},
                                decoded, header_size),
              ws::decode_status::ok);
    EXPECT_EQ(decoded.opcode, 0x3);
    EXPECT_TRUE(decoded.rsv2);
    EXPECT_FALSE(decoded.rsv1);
}

// §5.4: a fragmented message may carry control frames between its fragments.
TEST(FrameCodec, AcceptsFragmentedMessageWithInterleavedPing) {
    std::string wire = ws::encode_frame(client_header(ws::op::text, false), "Hel") +
                       ws::encode_frame(client_header(ws::op::ping), "p") +
                       ws::encode_frame(client_header(ws::op::continuation, true), "lo");
    ws::frame_reader reader(ws::role::server, 1 << 20);
    reader.feed(wire.data(), wire.size());
    auto a = reader.next(), b = reader.next(), c = reader.next();
    ASSERT_TRUE(a && b && c);
    EXPECT_FALSE(a->header.fin);
    EXPECT_EQ(b->header.opcode, ws::op::ping);
    EXPECT_EQ(c->header.opcode, ws::op::continuation);
    EXPECT_EQ(a->payload + c->payload, "Hello");
    EXPECT_EQ(reader.error(), ws::violation::none);
}

TEST(FrameViolation, ServerRejectsUnmaskedClientFrameWith1002) {
    ws::frame_header h;
    const auto wire = ws::encode_frame(h, "hi");
    EXPECT_EQ(violation_of(wire), ws::violation::mask_mismatch);
    EXPECT_EQ(ws::close_code_for(ws::violation::mask_mismatch), 1002);
}

TEST(FrameViolation, ClientRejectsMaskedServerFrame) {
    EXPECT_EQ(violation_of(ws::encode_frame(client_header(ws::op::text), "x"), ws::role::client),
              ws::violation::mask_mismatch);
}

TEST(FrameViolation, ReservedOpcodesAreRejected) {
    for (std::uint8_t opcode : {0x3, 0x7, 0xB, 0xF}) {
        EXPECT_EQ(violation_of(ws::encode_frame(client_header(opcode), "x")),
                  ws::violation::reserved_opcode)
            << int(opcode);
    }
}

TEST(FrameViolation, RsvBitWithoutExtensionIsRejected) {
    auto h = client_header(ws::op::text);
    h.rsv1 = true;
    EXPECT_EQ(violation_of(ws::encode_frame(h, "x")), ws::violation::rsv_bits);
    ws::frame_reader reader(ws::role::server, 1 << 20, true);
    const auto wire = ws::encode_frame(h, "x");
    reader.feed(wire.data(), wire.size());
    EXPECT_TRUE(reader.next().has_value()) << "RSV1 allowed once permessage-deflate is negotiated";
}

TEST(FrameViolation, ControlFrameOver125BytesIsRejected) {
    EXPECT_EQ(violation_of(ws::encode_frame(client_header(ws::op::ping), std::string(126, 'p'))),
              ws::violation::control_too_long);
}

TEST(FrameViolation, FragmentedControlFrameIsRejected) {
    EXPECT_EQ(violation_of(ws::encode_frame(client_header(ws::op::ping, false), "p")),
              ws::violation::control_fragmented);
}

TEST(FrameViolation, ContinuationWithoutMessageIsRejected) {
    EXPECT_EQ(violation_of(ws::encode_frame(client_header(ws::op::continuation), "x")),
              ws::violation::unexpected_continuation);
}

TEST(FrameViolation, NewDataFrameInsideFragmentedMessageIsRejected) {
    const auto wire = ws::encode_frame(client_header(ws::op::text, false), "a") +
                      ws::encode_frame(client_header(ws::op::text), "b");
    EXPECT_EQ(violation_of(wire), ws::violation::expected_continuation);
}

TEST(FrameViolation, MessageOverLimitIsRejectedWith1009BeforeItsPayloadArrives) {
    ws::frame_header h = client_header(ws::op::binary);
    h.length = 2000;
    std::uint8_t header[ws::max_header_size];
    const auto n = ws::encode_header(h, header);
    ws::frame_reader reader(ws::role::server, 1000);
    reader.feed(header, n);
    EXPECT_FALSE(reader.next().has_value());
    EXPECT_EQ(reader.error(), ws::violation::message_too_big);
    EXPECT_EQ(ws::close_code_for(reader.error()), 1009);
}

TEST(FrameViolation, FragmentsAddingUpOverLimitAreRejected) {
    const auto wire = ws::encode_frame(client_header(ws::op::binary, false), std::string(600, 'a')) +
                      ws::encode_frame(client_header(ws::op::continuation), std::string(600, 'b'));
    ws::frame_reader reader(ws::role::server, 1000);
    reader.feed(wire.data(), wire.size());
    EXPECT_TRUE(reader.next().has_value());
    EXPECT_FALSE(reader.next().has_value());
    EXPECT_EQ(reader.error(), ws::violation::message_too_big);
}

TEST(FrameViolation, SixtyFourBitLengthWithTopBitSetIsRejected) {
    std::string wire = "\x82\xFF";
    wire += std::string("\x80\x00\x00\x00\x00\x00\x00\x01", 8);
    EXPECT_EQ(violation_of(wire, ws::role::client), ws::violation::message_too_big);
}

// §5.5.1 and §7.4: close payloads.
TEST(ClosePayload, OneBytePayloadIsRejectedWith1002) {
    EXPECT_EQ(violation_of(ws::encode_frame(client_header(ws::op::close), "\x03")),
              ws::violation::invalid_close_payload);
    EXPECT_EQ(ws::close_code_for(ws::violation::invalid_close_payload), 1002);
}

TEST(ClosePayload, InvalidUtf8ReasonIsRejectedWith1007) {
    const auto wire = ws::encode_frame(client_header(ws::op::close), ws::close_payload(1000, "\xC0\xAF"));
    EXPECT_EQ(violation_of(wire), ws::violation::invalid_utf8);
    EXPECT_EQ(ws::close_code_for(ws::violation::invalid_utf8), 1007);
}

TEST(ClosePayload, CodesReservedForLocalUseAreInvalidOnTheWire) {
    for (std::uint16_t code : {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000})
        EXPECT_FALSE(ws::is_valid_close_code(code)) << code;
    for (std::uint16_t code : {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 4999})
        EXPECT_TRUE(ws::is_valid_close_code(code)) << code;
}

TEST(ClosePayload, RoundTripsCodeAndReason) {
    auto info = ws::parse_close_payload(ws::close_payload(4001, "going away"));
    ASSERT_TRUE(info.has_value());
    EXPECT_EQ(info->code, 4001);
    EXPECT_EQ(info->reason, "going away");
    auto empty = ws::parse_close_payload("");
    ASSERT_TRUE(empty.has_value());
    EXPECT_FALSE(empty->code.has_value());
}

TEST(Utf8, AcceptsValidAndRejectsOverlongSurrogateAndTruncated) {
    EXPECT_TRUE(ws::is_valid_utf8("κόσμε €𝄞"));
    EXPECT_FALSE(ws::is_valid_utf8("\xC0\x80"));
    EXPECT_FALSE(ws::is_valid_utf8("\xED\xA0\x80"));
    EXPECT_FALSE(ws::is_valid_utf8("\xF4\x90\x80\x80"));
    EXPECT_FALSE(ws::is_valid_utf8("\xE2\x82"));
}

// §4.2.2: the example key and accept value of RFC 6455 §1.3.
TEST(Handshake, AcceptKeyMatchesRfcExample) {
    EXPECT_EQ(ws::accept_key("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    EXPECT_EQ(ws::generate_key().size(), 24u);
}
