// How the echo backend answers HTTP requests (RFC 6455 §4.2, docs/architecture.md
// /__status/NNN, introspection JSON) and negotiates permessage-deflate
// (RFC 7692), without sockets.
#include "deflate.hpp"
#include "handshake.hpp"
#include "recording_parser.hpp"

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

using namespace wsgate::echo;
namespace json = boost::json;

namespace {

const peer_info peer{"b2", "127.0.0.1", 40000};

// RFC 6455 §1.3 sample key and its accept value.
constexpr const char* sample_key = "dGhlIHNhbXBsZSBub25jZQ==";
constexpr const char* sample_accept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

http::request<http::string_body> handshake_request(std::string target = "/ws/") {
    http::request<http::string_body> req{http::verb::get, target, 11};
    req.insert(http::field::host, "Host", "api.example.com");
    req.insert(http::field::upgrade, "Upgrade", "websocket");
    req.insert(http::field::connection, "Connection", "Upgrade");
    req.insert(http::field::sec_websocket_key, "Sec-WebSocket-Key", sample_key);
    req.insert(http::field::sec_websocket_version, "Sec-WebSocket-Version", "13");
    return req;
}

request_info info_of(const http::request<http::string_body>& req) {
    request_info info{std::string(req.method_string()), std::string(req.target()), "HTTP/1.1", {}};
    for (const auto& field : req) info.headers.emplace_back(field.name_string(), field.value());
    return info;
}

answer answer_for(const http::request<http::string_body>& req, bool deflate = true) {
    return answer_request(req, info_of(req), peer, deflate);
}

// Parses raw request bytes as the backend does.
void parse_into(recording_parser& parser, std::string_view raw) {
    boost::system::error_code ec;
    parser.put(boost::asio::buffer(raw.data(), raw.size()), ec);
    EXPECT_FALSE(ec) << ec.message();
    EXPECT_TRUE(parser.is_done());
}

}  // namespace

TEST(EchoHandshake, UpgradesAValidHandshakeWithTheAcceptKey) {
    const auto a = answer_for(handshake_request());
    EXPECT_TRUE(a.upgrade);
    EXPECT_EQ(a.response.result(), http::status::switching_protocols);
    EXPECT_EQ(a.response[http::field::sec_websocket_accept], sample_accept);
    EXPECT_EQ(a.response[http::field::upgrade], "websocket");
    EXPECT_EQ(a.response[http::field::connection], "Upgrade");
    EXPECT_FALSE(a.deflate);
    EXPECT_EQ(a.response.count(http::field::sec_websocket_extensions), 0u);
}

TEST(EchoHandshake, AcceptsTokensInAnyCaseAndInLists) {
    auto req = handshake_request();
    req.set(http::field::upgrade, "WebSocket");
    req.set(http::field::connection, "keep-alive, Upgrade");
    EXPECT_TRUE(answer_for(req).upgrade);
}

TEST(EchoHandshake, SelectsTheFirstOfferedSubprotocol) {
    auto req = handshake_request();
    req.insert(http::field::sec_websocket_protocol, "Sec-WebSocket-Protocol", "chat, superchat");
    req.insert(http::field::sec_websocket_protocol, "Sec-WebSocket-Protocol", "other");
    EXPECT_EQ(answer_for(req).response[http::field::sec_websocket_protocol], "chat");
}

TEST(EchoHandshake, NegotiatesPermessageDeflateWhenOfferedAndEnabled) {
    auto req = handshake_request();
    req.insert(http::field::sec_websocket_extensions, "Sec-WebSocket-Extensions",
               "permessage-deflate; client_max_window_bits");
    const auto a = answer_for(req);
    EXPECT_TRUE(a.deflate);
    EXPECT_EQ(a.response[http::field::sec_websocket_extensions],
              "permessage-deflate; server_no_context_takeover; client_no_context_takeover");
    const auto refused = answer_for(req, false);
    EXPECT_TRUE(refused.upgrade);
    EXPECT_FALSE(refused.deflate);
    EXPECT_EQ(refused.response.count(http::field::sec_websocket_extensions), 0u);
}

TEST(EchoHandshake, UpgradeWithoutConnectionUpgradeIsPlainHttp) {
    // What a proxy without `proxy_set_header Connection` forwards: the JSON
    // body then shows what the backend saw.
    auto req = handshake_request();
    req.set(http::field::connection, "close");
    const auto a = answer_for(req);
    EXPECT_FALSE(a.upgrade);
    EXPECT_EQ(a.response.result(), http::status::ok);
    EXPECT_FALSE(a.response.keep_alive());
}

TEST(EchoHandshake, RefusesAHandshakeThatIsNotGetOverHttp11) {
    auto post = handshake_request();
    post.method(http::verb::post);
    EXPECT_EQ(answer_for(post).response.result(), http::status::bad_request);
    EXPECT_NE(answer_for(post).refusal, "");
    auto old = handshake_request();
    old.version(10);
    EXPECT_EQ(answer_for(old).response.result(), http::status::bad_request);
}

TEST(EchoHandshake, RefusesAMissingOrMalformedKeyWith400) {
    auto missing = handshake_request();
    missing.erase(http::field::sec_websocket_key);
    EXPECT_EQ(answer_for(missing).response.result(), http::status::bad_request);
    for (const char* key :
         {"short==", "dGhlIHNhbXBsZSBub25jZQ", "dGhlIHNhbXBsZSBub25j!Q==", "dGhlIHNhbXBsZSBub25jZQ==AAAA"}) {
        auto bad = handshake_request();
        bad.set(http::field::sec_websocket_key, key);
        EXPECT_EQ(answer_for(bad).response.result(), http::status::bad_request) << key;
    }
}

TEST(EchoHandshake, RefusesAHandshakeWithoutHostWith400) {
    auto req = handshake_request();
    req.erase(http::field::host);
    EXPECT_EQ(answer_for(req).response.result(), http::status::bad_request);
}

TEST(EchoHandshake, AnswersAnotherVersionWith426Naming13) {
    // RFC 6455 §4.4.
    auto req = handshake_request();
    req.set(http::field::sec_websocket_version, "8");
    const auto a = answer_for(req);
    EXPECT_EQ(a.response.result(), http::status::upgrade_required);
    EXPECT_EQ(a.response[http::field::sec_websocket_version], "13");
    EXPECT_TRUE(a.response.keep_alive());
}

TEST(EchoHandshake, StatusPathRefusesTheUpgradeAndKeepsTheConnection) {
    const auto a = answer_for(handshake_request("/__status/403?why=test"));
    EXPECT_FALSE(a.upgrade);
    EXPECT_EQ(a.response.result_int(), 403u);
    EXPECT_TRUE(a.response.keep_alive());
    EXPECT_EQ(a.response[http::field::content_type], "application/json");
    EXPECT_EQ(json::parse(a.response.body()).at("target"), "/__status/403?why=test");
}

TEST(EchoHandshake, StatusPathWorksForPlainRequestsToo) {
    http::request<http::string_body> req{http::verb::get, "/__status/502", 11};
    EXPECT_EQ(answer_for(req).response.result_int(), 502u);
}

TEST(EchoHandshake, StatusPathsOutside200To599AreOrdinaryPaths) {
    EXPECT_EQ(requested_status("/__status/404"), 404u);
    EXPECT_EQ(requested_status("/__status/200"), 200u);
    EXPECT_EQ(requested_status("/__status/599?x"), 599u);
    for (const char* target : {"/__status/101", "/__status/600", "/__status/42", "/__status/4040",
                               "/__status/abc", "/__status/", "/x/__status/403", "/__status/403/"}) {
        EXPECT_FALSE(requested_status(target)) << target;
    }
}

TEST(EchoHandshake, PlainRequestGetsTheRequestJson) {
    http::request<http::string_body> req{http::verb::get, "/x?y=1", 11};
    req.insert(http::field::host, "host", "api.example.com");
    const auto a = answer_for(req);
    EXPECT_EQ(a.response.result(), http::status::ok);
    EXPECT_EQ(a.response[http::field::content_type], "application/json");
    EXPECT_TRUE(a.response.keep_alive());
    const auto body = json::parse(a.response.body());
    EXPECT_EQ(body.at("backend"), "b2");
    EXPECT_EQ(body.at("remote_addr"), "127.0.0.1");
    EXPECT_EQ(body.at("remote_port"), 40000);
    EXPECT_EQ(body.at("method"), "GET");
    EXPECT_EQ(body.at("target"), "/x?y=1");
    EXPECT_EQ(body.at("version"), "HTTP/1.1");
    EXPECT_EQ(body.at("headers"), json::parse(R"([["host","api.example.com"]])"));
}

TEST(EchoHandshake, RecordsHeaderFieldsInReceivedCaseAndOrder) {
    // Beast's basic_fields would list both X-Custom-CASE lines together.
    recording_parser parser;
    parse_into(parser,
               "POST /p HTTP/1.0\r\nX-Custom-CASE: One\r\nhost: api.example.com\r\n"
               "X-Custom-CASE: Two\r\nContent-Length: 0\r\n\r\n");
    const auto info = parser.info();
    EXPECT_EQ(info.method, "POST");
    EXPECT_EQ(info.target, "/p");
    EXPECT_EQ(info.version, "HTTP/1.0");
    const decltype(info.headers) expected{{"X-Custom-CASE", "One"},
                                          {"host", "api.example.com"},
                                          {"X-Custom-CASE", "Two"},
                                          {"Content-Length", "0"}};
    EXPECT_EQ(info.headers, expected);
    EXPECT_EQ(parser.get()[http::field::host], "api.example.com");
}

TEST(EchoHandshake, HeadRequestGetsTheLengthWithoutTheBody) {
    http::request<http::string_body> req{http::verb::head, "/", 11};
    const auto a = answer_for(req);
    EXPECT_EQ(a.response.body(), "");
    EXPECT_GT(std::stoul(std::string(a.response[http::field::content_length])), 0u);
}

TEST(EchoHandshake, Http10RequestIsAnsweredAndClosed) {
    http::request<http::string_body> req{http::verb::get, "/", 10};
    EXPECT_FALSE(answer_for(req).response.keep_alive());
}

TEST(EchoDeflate, AlwaysAsksForClientNoContextTakeover) {
    EXPECT_EQ(deflate::negotiate("permessage-deflate"),
              "permessage-deflate; server_no_context_takeover; client_no_context_takeover");
}

TEST(EchoDeflate, AcceptsEveryParameterItCanHonour) {
    EXPECT_TRUE(deflate::negotiate("permessage-deflate; client_max_window_bits"));
    EXPECT_TRUE(deflate::negotiate("permessage-deflate; client_max_window_bits=10"));
    EXPECT_TRUE(deflate::negotiate("permessage-deflate; client_max_window_bits=\"12\""));
    EXPECT_TRUE(
        deflate::negotiate("permessage-deflate; server_no_context_takeover; client_no_context_takeover"));
    EXPECT_EQ(deflate::negotiate("permessage-deflate; server_max_window_bits=15"),
              "permessage-deflate; server_no_context_takeover; client_no_context_takeover; "
              "server_max_window_bits=15");
}

TEST(EchoDeflate, DeclinesAServerWindowSmallerThanTheClientsOwn) {
    // Echoed frames were compressed with the client's window, up to 15 bits.
    EXPECT_FALSE(deflate::negotiate("permessage-deflate; server_max_window_bits=10"));
}

TEST(EchoDeflate, DeclinesInvalidOffersAsRfc7692Section7Requires) {
    for (const char* offer :
         {"permessage-deflate; unknown_param", "permessage-deflate; server_max_window_bits",
          "permessage-deflate; client_max_window_bits=16", "permessage-deflate; client_max_window_bits=7",
          "permessage-deflate; client_no_context_takeover; client_no_context_takeover",
          "permessage-deflate; server_no_context_takeover=1", "x-webkit-deflate-frame", ""}) {
        EXPECT_FALSE(deflate::negotiate(offer)) << offer;
    }
}

TEST(EchoDeflate, FallsBackToALaterAcceptableOffer) {
    EXPECT_TRUE(deflate::negotiate("permessage-deflate; server_max_window_bits=9, permessage-deflate"));
    EXPECT_TRUE(deflate::negotiate("foo, permessage-deflate; client_max_window_bits"));
}

TEST(EchoFrameLog, ListsFramesAsReceived) {
    frame_log log;
    wsgate::ws::frame_header h;
    h.fin = false;
    h.rsv1 = true;
    h.opcode = 0x2;
    h.masked = true;
    h.length = 70000;
    log.record(h);
    EXPECT_EQ(json::parse(log.json()),
              json::parse(R"([{"fin":false,"rsv1":true,"rsv2":false,"rsv3":false,"opcode":2,"masked":true,)"
                          R"("length":70000}])"));
}

TEST(EchoFrameLog, KeepsOnlyTheNewestFrames) {
    frame_log log;
    for (std::uint64_t i = 0; i <= frame_log::capacity; ++i) {
        wsgate::ws::frame_header h;
        h.length = i;
        log.record(h);
    }
    const auto frames = json::parse(log.json()).as_array();
    ASSERT_EQ(frames.size(), frame_log::capacity);
    EXPECT_EQ(frames.front().at("length"), 1);
    EXPECT_EQ(frames.back().at("length"), frame_log::capacity);
}

TEST(EchoHandshake, DelayPathHoldsTheAnswerBack) {
    EXPECT_EQ(wsgate::echo::requested_delay("/__delay/1500"), std::chrono::milliseconds(1500));
    EXPECT_EQ(wsgate::echo::requested_delay("/__delay/20/ws?x=1"), std::chrono::milliseconds(20));
    EXPECT_FALSE(wsgate::echo::requested_delay("/__delay/soon").has_value());
    EXPECT_FALSE(wsgate::echo::requested_delay("/ws/").has_value());
}

TEST(EchoHandshake, RefusesAPathThatDecodesToNulAsNginxDoes) {
    for (const auto* target : {"/ws%00x", "/a/%00", "/%00?x=1"}) {
        const auto a = answer_for(handshake_request(target));
        EXPECT_FALSE(a.upgrade) << target;
        EXPECT_EQ(a.response.result(), http::status::bad_request) << target;
        EXPECT_NE(a.refusal.find("NUL"), std::string::npos) << target;
    }
    EXPECT_TRUE(answer_for(handshake_request("/ws?q=%00")).upgrade);
    EXPECT_TRUE(answer_for(handshake_request("/ws%20x")).upgrade);
}
