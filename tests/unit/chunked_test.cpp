// The chunked decoder against RFC 9112 §7.1 and nginx 1.22's
// ngx_http_parse_chunked: what it accepts, what it refuses with 400 or 413,
// and that hostile sizes can never wrap its arithmetic.
#include "wsgate/chunked.hpp"

#include <gtest/gtest.h>

using namespace wsgate::http1;
using status = chunked_decoder::status;

namespace {

struct chunked_body {
    status state = status::need_more;
    std::string body;
    std::size_t consumed = 0;
};

// A whole buffer through one decoder, as the proxy feeds a request body:
// the body and the bytes used once done, nothing otherwise.
chunked_body decode_chunked(std::string_view buffer, std::uint64_t max_body) {
    chunked_body out;
    chunked_decoder decoder(max_body);
    const auto used = decoder.feed(buffer, &out.body);
    out.state = decoder.state();
    if (out.state == status::done) out.consumed = used;
    else out.body.clear();
    return out;
}

}  // namespace

TEST(ChunkedBody, DecodesChunksExtensionsAndTrailers) {
    const std::string wire = "4;ext=1\r\nWiki\r\n5\r\npedia\r\n0\r\nX-Trailer: y\r\n\r\nNEXT";
    auto d = decode_chunked(wire, 1000);
    ASSERT_EQ(d.state, status::done);
    EXPECT_EQ(d.body, "Wikipedia");
    EXPECT_EQ(wire.substr(d.consumed), "NEXT");
}

TEST(ChunkedBody, WaitsForTheWholeBody) {
    EXPECT_EQ(decode_chunked("4\r\nWi", 1000).state, status::need_more);
    EXPECT_EQ(decode_chunked("4\r\nWiki\r\n0\r\n", 1000).state, status::need_more);
}

TEST(ChunkedBody, RefusesBadSizesAndOversizedBodies) {
    EXPECT_EQ(decode_chunked("zz\r\nWiki\r\n0\r\n\r\n", 1000).state, status::invalid);
    EXPECT_EQ(decode_chunked("4\r\nWikiX\r\n0\r\n\r\n", 1000).state, status::invalid);
    EXPECT_EQ(decode_chunked("400\r\n", 100).state, status::too_large);
}

// The reproducer of a request that once pinned the proxy: a size of
// 2^64 - 19 wrapped the limit check and sent the parser back to the line
// before it. nginx refuses any size above its off_t maximum as invalid.
TEST(ChunkedBody, SizeNearTwoToTheSixtyFourIsInvalidNotAWrap) {
    const std::string wire = "13\r\n0123456789abcdefghi\r\nffffffffffffffed\r\n";
    EXPECT_EQ(decode_chunked(wire, 1024 * 1024).state, status::invalid);
    EXPECT_EQ(decode_chunked(wire, UINT64_MAX).state, status::invalid);
}

TEST(ChunkedBody, SizeAboveOffTMaximumIsInvalid) {
    EXPECT_EQ(decode_chunked("8000000000000000\r\n", UINT64_MAX).state, status::invalid);
    EXPECT_EQ(decode_chunked("7fffffffffffffff\r\n", UINT64_MAX).state, status::invalid);
    EXPECT_EQ(decode_chunked("00000000000000000000001\r\nx\r\n0\r\n\r\n", 100).state, status::done);
}

// nginx checks the size before every byte after the first digit, so the
// largest size it takes is 2^59 - 1 (fifteen hex digits); any larger one is
// refused at the byte after it.
TEST(ChunkedBody, LargestSizeNginxTakesWaitsAndLargerIsInvalid) {
    EXPECT_EQ(decode_chunked("7ffffffffffffff\r\nabc", UINT64_MAX).state, status::need_more);
    EXPECT_EQ(decode_chunked("800000000000000\r\n", UINT64_MAX).state, status::invalid);
    EXPECT_EQ(decode_chunked("7ffffffffffffff\r\n", 1024).state, status::too_large);
}

TEST(ChunkedBody, SumOfChunksOverTheLimitIs413WithoutWrapping) {
    EXPECT_EQ(decode_chunked("a\r\n0123456789\r\n7fffffffffffffa\r\n", UINT64_MAX - 5).state, status::need_more);
    EXPECT_EQ(decode_chunked("a\r\n0123456789\r\n7fffffffffffffa\r\n", 1024).state, status::too_large);
    EXPECT_EQ(decode_chunked("4\r\nWiki\r\n4\r\nWiki\r\n0\r\n\r\n", 8).state, status::done);
    EXPECT_EQ(decode_chunked("4\r\nWiki\r\n5\r\npedia\r\n", 8).state, status::too_large);
}

TEST(ChunkedBody, AcceptsBareLineFeedsAsNginxDoes) {
    auto d = decode_chunked("4\nWiki\n0\n\n", 100);
    ASSERT_EQ(d.state, status::done);
    EXPECT_EQ(d.body, "Wiki");
}

TEST(ChunkedBody, RefusesCarriageReturnWithoutLineFeed) {
    EXPECT_EQ(decode_chunked("4\rWiki\r\n0\r\n\r\n", 100).state, status::invalid);
    EXPECT_EQ(decode_chunked("4\r\nWiki\rX0\r\n\r\n", 100).state, status::invalid);
    EXPECT_EQ(decode_chunked("4\r\nWiki\r\n0\r\n\rX", 100).state, status::invalid);
}

TEST(ChunkedBody, RefusesAnEmptySizeLine) {
    EXPECT_EQ(decode_chunked("\r\nWiki\r\n0\r\n\r\n", 100).state, status::invalid);
    EXPECT_EQ(decode_chunked(";ext\r\n", 100).state, status::invalid);
}

TEST(ChunkedDecoder, ByteByByteFeedingGivesTheSameBody) {
    const std::string wire = "4;a=b\r\nWiki\r\n5 \r\npedia\r\n0;last\r\nT: 1\r\n\r\nNEXT";
    chunked_decoder decoder(1000);
    std::string body;
    std::size_t used = 0;
    for (std::size_t i = 0; i < wire.size() && !decoder.done(); ++i) used += decoder.feed(wire.substr(i, 1), &body);
    ASSERT_TRUE(decoder.done());
    EXPECT_EQ(body, "Wikipedia");
    EXPECT_EQ(wire.substr(used), "NEXT");
}

TEST(ChunkedDecoder, StopsAtTheRefusedByte) {
    chunked_decoder decoder;
    EXPECT_EQ(decoder.feed("4\r\nWiki\r\nq"), 9u);
    EXPECT_EQ(decoder.state(), status::invalid);
    EXPECT_EQ(decoder.feed("0\r\n\r\n"), 0u);
}
