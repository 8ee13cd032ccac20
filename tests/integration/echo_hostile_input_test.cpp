// wsgate-echo against broken request bodies and targets: it answers each at
// once, as nginx would, instead of waiting for bytes that will never come.
#include "echo_process.hpp"
#include "raw_client.hpp"

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

using namespace wsgate::testing;
namespace json = boost::json;

namespace {

std::string chunked_post(std::string_view body) {
    return "POST /upload HTTP/1.1\r\nHost: api.example.com\r\nTransfer-Encoding: chunked\r\n\r\n" +
           std::string(body);
}

}  // namespace

TEST(EchoHostileInput, TakesAChunkedBodyFramedWithBareLfAsNginxDoes) {
    echo_process backend;
    raw_client c(backend.port());
    c.write(chunked_post("5\nhello\n0\n\n"));
    const auto res = c.read_response();
    EXPECT_EQ(res.result(), http::status::ok);
    EXPECT_EQ(json::parse(res.body()).at("target"), "/upload");
}

TEST(EchoHostileInput, ServesTheNextRequestBehindAChunkedBody) {
    echo_process backend;
    raw_client c(backend.port());
    c.write(chunked_post("3\r\nabc\r\n0\r\n\r\n") + "GET /second HTTP/1.1\r\nHost: a\r\n\r\n");
    EXPECT_EQ(c.read_response().result(), http::status::ok);
    const auto second = c.read_response();
    EXPECT_EQ(json::parse(second.body()).at("target"), "/second");
}

TEST(EchoHostileInput, RefusesAnInvalidChunkLineWith400AndCloses) {
    echo_process backend;
    raw_client c(backend.port());
    c.write(chunked_post("zz\r\n"));
    EXPECT_EQ(c.read_response().result(), http::status::bad_request);
    EXPECT_EQ(c.read_until_closed(), boost::asio::error::eof);
}

TEST(EchoHostileInput, RefusesAChunkSizeNearTwoToTheSixtyFourWith400) {
    echo_process backend;
    raw_client c(backend.port());
    c.write(chunked_post("13\r\n0123456789abcdefghi\r\nffffffffffffffed\r\n"));
    EXPECT_EQ(c.read_response().result(), http::status::bad_request);
    EXPECT_EQ(c.read_until_closed(), boost::asio::error::eof);
}

TEST(EchoHostileInput, RefusesAChunkOverTheBodyLimitWith413BeforeItsData) {
    echo_process backend;
    raw_client c(backend.port());
    c.write(chunked_post("200000\r\n"));
    EXPECT_EQ(c.read_response().result(), http::status::payload_too_large);
    EXPECT_EQ(c.read_until_closed(), boost::asio::error::eof);
}

TEST(EchoHostileInput, RefusesAnUpgradeToAPathWithAnEncodedNul) {
    echo_process backend;
    raw_client c(backend.port());
    EXPECT_EQ(c.handshake("/ws%00x").result(), http::status::bad_request);
}
