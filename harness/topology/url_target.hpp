// A deployment that is already running, named by its URL. wsgate does not
// start or stop it and cannot look inside its backends.
#pragma once

#include "topology/target.hpp"

namespace wsgate::topology {

class url_target final : public target {
public:
    // "ws://127.0.0.1:8080/ws/" or "wss://...". Only loopback addresses,
    // unless allow_remote (then a host name is resolved once, here). Throws
    // std::invalid_argument.
    explicit url_target(const std::string& url, bool allow_remote = false);

    std::string name() const override { return "url"; }
    bool has_backends() const override { return false; }
    void start(const target_context& ctx) override;
    void stop() override {}
    std::string failure() override { return {}; }
    std::string logs() const override { return {}; }
    proxy_endpoint endpoint() const override { return endpoint_; }
    bool tls() const { return tls_; }
    // The host as the URL names it: the Host header and TLS name by default.
    const std::string& host_name() const { return host_name_; }

private:
    std::string url_;
    std::string host_name_;
    bool tls_ = false;
    proxy_endpoint endpoint_;
};

}  // namespace wsgate::topology
