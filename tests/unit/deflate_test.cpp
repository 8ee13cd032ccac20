// permessage-deflate (RFC 7692) as the scripted clients read a server's
// answer, and the inflater's context handling.
#include "wsgate/deflate.hpp"

#include <zlib.h>

#include <gtest/gtest.h>

namespace ws = wsgate::ws;

namespace {

// Raw DEFLATE with a sync flush and the trailing 00 00 FF FF removed (§7.2.1).
std::string compress(z_stream& z, const std::string& text) {
    std::string out(text.size() + 64, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    z.avail_in = static_cast<uInt>(text.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_SYNC_FLUSH);
    out.resize(out.size() - z.avail_out - 4);
    return out;
}

}  // namespace

TEST(ExtensionHeader, SplitsOffersAndParametersOutsideQuotes) {
    const auto list = ws::parse_extensions(
        "permessage-deflate; client_max_window_bits=\"10\"; server_no_context_takeover, x-other; a=\"b,c\"");
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[0].name, "permessage-deflate");
    ASSERT_EQ(list[0].params.size(), 2u);
    EXPECT_EQ(list[0].params[0].value, "10");
    EXPECT_FALSE(list[0].params[1].value.has_value());
    EXPECT_EQ(list[1].params[0].value, "b,c");
}

TEST(ExtensionHeader, ReadsAServersDeflateAnswer) {
    auto p = ws::parse_deflate_response("permessage-deflate; server_no_context_takeover; server_max_window_bits=12");
    ASSERT_TRUE(p.has_value());
    EXPECT_TRUE(p->server_no_context_takeover);
    EXPECT_EQ(p->server_max_window_bits, 12);
    EXPECT_FALSE(ws::parse_deflate_response("x-webkit-deflate-frame").has_value());
    EXPECT_FALSE(ws::parse_deflate_response("permessage-deflate; server_max_window_bits=20").has_value());
}

TEST(Inflater, KeepsItsWindowAcrossMessagesUnlessToldNotTo) {
    z_stream z{};
    deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
    const auto first = compress(z, "hello hello hello");
    const auto second = compress(z, "hello hello hello");  // refers back to the first message
    deflateEnd(&z);
    ws::inflater with_context(15, false);
    EXPECT_EQ(with_context.inflate(first, 1000), "hello hello hello");
    EXPECT_EQ(with_context.inflate(second, 1000), "hello hello hello");
    ws::inflater without_context(15, true);
    EXPECT_EQ(without_context.inflate(first, 1000), "hello hello hello");
    EXPECT_NE(without_context.inflate(second, 1000), std::optional<std::string>("hello hello hello"));
}

TEST(Inflater, RefusesGarbageAndOversizedOutput) {
    ws::inflater i(15, true);
    EXPECT_FALSE(i.inflate("\xff\xff\xff\xff", 1000).has_value());
    z_stream z{};
    deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
    const auto big = compress(z, std::string(10000, 'a'));
    deflateEnd(&z);
    EXPECT_FALSE(ws::inflater(15, true).inflate(big, 100).has_value());
}
