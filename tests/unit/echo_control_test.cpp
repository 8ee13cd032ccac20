// The wsgate: control messages of docs/architecture.md as the echo backend parses them:
// every message, its limits, and what is not a control message at all.
#include "control.hpp"
#include "wsgate/generated.hpp"

#include <gtest/gtest.h>

using namespace wsgate::echo::control;
using wsgate::generated_payload;
using namespace std::chrono_literals;

namespace {

template <class Command>
Command parsed_as(std::string_view message) {
    const auto c = parse(message);
    EXPECT_TRUE(c.has_value()) << message;
    if (!c) return {};
    EXPECT_TRUE(std::holds_alternative<Command>(*c)) << message << " parsed as alternative " << c->index();
    return std::holds_alternative<Command>(*c) ? std::get<Command>(*c) : Command{};
}

std::string reason_for(std::string_view message) { return parsed_as<invalid>(message).reason; }

}  // namespace

TEST(EchoControl, OrdinaryMessagesAreNotControlMessages) {
    EXPECT_FALSE(parse("hello"));
    EXPECT_FALSE(parse(""));
    EXPECT_FALSE(parse("wsgate"));
    EXPECT_FALSE(parse(" wsgate:request"));
    // docs/architecture.md: the protocol is case-sensitive.
    EXPECT_FALSE(parse("WSGATE:request"));
    EXPECT_FALSE(parse("Wsgate:request"));
}

TEST(EchoControl, ParsesRequestAndFrames) {
    parsed_as<show_request>("wsgate:request");
    parsed_as<show_frames>("wsgate:frames");
}

TEST(EchoControl, ParsesCloseWithCodeAndReason) {
    const auto c = parsed_as<close_connection>("wsgate:close 4000 going to lunch");
    EXPECT_EQ(c.code, 4000);
    EXPECT_EQ(c.reason, "going to lunch");
}

TEST(EchoControl, ParsesCloseWithCodeOnly) {
    const auto c = parsed_as<close_connection>("wsgate:close 1000");
    EXPECT_EQ(c.code, 1000);
    EXPECT_EQ(c.reason, "");
}

TEST(EchoControl, CloseWithoutCodeMeansAnEmptyCloseFrame) {
    const auto c = parsed_as<close_connection>("wsgate:close");
    EXPECT_FALSE(c.code.has_value());
}

TEST(EchoControl, CloseAcceptsCodesThatAreInvalidOnTheWireForFaultInjection) {
    EXPECT_EQ(parsed_as<close_connection>("wsgate:close 1005").code, 1005);
    EXPECT_EQ(parsed_as<close_connection>("wsgate:close 0").code, 0);
    EXPECT_EQ(parsed_as<close_connection>("wsgate:close 65535").code, 65535);
}

TEST(EchoControl, CloseReasonFitsAControlFrame) {
    // RFC 6455 §5.5: 125 payload bytes, 2 of them the code.
    EXPECT_EQ(parsed_as<close_connection>("wsgate:close 1000 " + std::string(123, 'r')).reason.size(), 123u);
    EXPECT_NE(reason_for("wsgate:close 1000 " + std::string(124, 'r')), "");
}

TEST(EchoControl, RejectsMalformedCloseCodes) {
    for (const char* message : {"wsgate:close abc", "wsgate:close 65536", "wsgate:close -1", "wsgate:close ",
                                "wsgate:close +1000", "wsgate:close 1000x"}) {
        EXPECT_NE(reason_for(message), "") << message;
    }
}

TEST(EchoControl, ParsesAbortAndStall) {
    parsed_as<abort_connection>("wsgate:abort");
    parsed_as<stall_reading>("wsgate:stall");
}

TEST(EchoControl, ParsesSendTextAndBinary) {
    const auto text = parsed_as<send_message>("wsgate:send 16777216 text");
    EXPECT_EQ(text.size, 16777216u);
    EXPECT_FALSE(text.binary);
    const auto binary = parsed_as<send_message>("wsgate:send 0 binary");
    EXPECT_EQ(binary.size, 0u);
    EXPECT_TRUE(binary.binary);
}

TEST(EchoControl, RejectsMalformedSend) {
    for (const char* message :
         {"wsgate:send", "wsgate:send 10", "wsgate:send 10 ", "wsgate:send ten text", "wsgate:send -1 text",
          "wsgate:send 10 utf8", "wsgate:send 10 Text", "wsgate:send 10 text extra"}) {
        EXPECT_NE(reason_for(message), "") << message;
    }
}

TEST(EchoControl, ParsesPingWithAndWithoutPayload) {
    EXPECT_EQ(parsed_as<send_ping>("wsgate:ping").payload, "");
    EXPECT_EQ(parsed_as<send_ping>("wsgate:ping are you there").payload, "are you there");
    EXPECT_EQ(parsed_as<send_ping>("wsgate:ping " + std::string(125, 'p')).payload.size(), 125u);
    EXPECT_NE(reason_for("wsgate:ping " + std::string(126, 'p')), "");
}

TEST(EchoControl, ParsesDelayInMilliseconds) {
    EXPECT_EQ(parsed_as<delay_echoes>("wsgate:delay 250").delay, 250ms);
    EXPECT_EQ(parsed_as<delay_echoes>("wsgate:delay 0").delay, 0ms);
    EXPECT_EQ(parsed_as<delay_echoes>("wsgate:delay 3600000").delay, 1h);
}

TEST(EchoControl, RejectsMalformedDelay) {
    for (const char* message : {"wsgate:delay", "wsgate:delay 1.5", "wsgate:delay -5", "wsgate:delay 3600001",
                                "wsgate:delay 10ms"}) {
        EXPECT_NE(reason_for(message), "") << message;
    }
}

TEST(EchoControl, RejectsArgumentsToMessagesThatTakeNone) {
    for (const char* message :
         {"wsgate:request now", "wsgate:frames all", "wsgate:abort 1", "wsgate:stall 5", "wsgate:request "}) {
        EXPECT_NE(reason_for(message), "") << message;
    }
}

TEST(EchoControl, UnknownVerbsAreInvalidNotEchoed) {
    EXPECT_NE(reason_for("wsgate:").find("unknown"), std::string::npos);
    EXPECT_NE(reason_for("wsgate:Request").find("unknown"), std::string::npos);
    EXPECT_NE(reason_for("wsgate:bogus 1 2").find("wsgate:bogus"), std::string::npos);
}

TEST(EchoControl, UnknownVerbIsQuotedShortInTheReason) {
    EXPECT_LT(reason_for("wsgate:" + std::string(100000, 'x')).size(), 100u);
}

TEST(EchoControl, GeneratedTextCyclesThroughLettersAndDigits) {
    const auto text = generated_payload(64, false);
    EXPECT_EQ(text.substr(0, 26), "abcdefghijklmnopqrstuvwxyz");
    EXPECT_EQ(text.substr(52, 12), "0123456789ab");
    EXPECT_EQ(generated_payload(0, false), "");
}

TEST(EchoControl, GeneratedBinaryHasByteIEqualToIMod256) {
    const auto binary = generated_payload(600, true);
    ASSERT_EQ(binary.size(), 600u);
    for (std::size_t i = 0; i < binary.size(); ++i)
        ASSERT_EQ(static_cast<unsigned char>(binary[i]), i % 256) << "at " << i;
}
