// From a failed handshake to the config mistake behind it.
#include "engine/diagnose.hpp"

#include <gtest/gtest.h>

using wsgate::engine::diagnose_handshake;
using wsgate::engine::handshake_observation;

TEST(Diagnosis, RedirectToTrailingSlashNamesTheLocation) {
    const auto d = diagnose_handshake({"/ws", 301, "http://api.example.com/ws/", "", ""});
    EXPECT_NE(d.find("location ends in a slash"), std::string::npos) << d;
    EXPECT_NE(d.find("location = /ws"), std::string::npos) << d;
}

TEST(Diagnosis, BackendThatSawNoUpgradeNamesProxySetHeaderUpgrade) {
    const std::string body = R"({"backend":"single","version":"HTTP/1.1","headers":[["Host","a"],["Connection","Upgrade"]]})";
    const auto d = diagnose_handshake({"/ws/", 200, std::nullopt, body, ""});
    EXPECT_NE(d.find("proxy_set_header Upgrade $http_upgrade"), std::string::npos) << d;
}

TEST(Diagnosis, BackendThatSawHttp10NamesProxyHttpVersion) {
    const std::string body =
        R"({"error":"upgrade over HTTP/1.0","request":{"version":"HTTP/1.0","headers":[["Upgrade","websocket"]]}})";
    const auto d = diagnose_handshake({"/ws/", 400, std::nullopt, body, ""});
    EXPECT_NE(d.find("proxy_http_version 1.1"), std::string::npos) << d;
}

TEST(Diagnosis, BackendThatSawConnectionCloseNamesTheConnectionHeader) {
    const std::string body =
        R"({"backend":"b1","version":"HTTP/1.1","headers":[["Upgrade","websocket"],["Connection","close"]]})";
    const auto d = diagnose_handshake({"/", 200, std::nullopt, body, ""});
    EXPECT_NE(d.find("proxy_set_header Connection"), std::string::npos) << d;
}

TEST(Diagnosis, GatewayErrorsPointAtTheBackend) {
    EXPECT_NE(diagnose_handshake({"/", 502, std::nullopt, "", ""}).find("could not reach a backend"), std::string::npos);
    EXPECT_NE(diagnose_handshake({"/", 504, std::nullopt, "", ""}).find("did not answer in time"), std::string::npos);
}

TEST(Diagnosis, TlsFailuresAreTold) {
    EXPECT_NE(diagnose_handshake({"/wss", std::nullopt, std::nullopt, "",
                                  "TLS handshake failed: certificate verify failed"})
                  .find("certificate"),
              std::string::npos);
    EXPECT_NE(diagnose_handshake({"/wss", std::nullopt, std::nullopt, "", "TLS handshake failed: unsupported protocol"})
                  .find("TLS protocol mismatch"),
              std::string::npos);
}

TEST(Diagnosis, NothingToSayForAnUnremarkableStatus) {
    EXPECT_EQ(diagnose_handshake({"/", 418, std::nullopt, "", ""}), "");
}
