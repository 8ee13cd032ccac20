#include "handshake.hpp"

#include "deflate.hpp"
#include "wsgate/ascii.hpp"
#include "wsgate/frame.hpp"

#include <boost/beast/http/rfc7230.hpp>

#include <openssl/evp.h>

#include <charconv>

namespace wsgate::echo {

namespace {

// /__delay/MS: ten minutes outlasts any proxy read timeout a case tests; a
// longer one is a typo, not a test.
constexpr unsigned max_requested_delay_ms = 600'000;

// All lines of a header as one comma-separated list (RFC 9110 §5.3).
std::string joined(const http::request<http::string_body>& req, http::field name) {
    std::string out;
    const auto [first, last] = req.equal_range(name);
    for (auto it = first; it != last; ++it) {
        if (!out.empty()) out += ", ";
        out += std::string(it->value());
    }
    return out;
}

bool has_token(const http::request<http::string_body>& req, http::field name, std::string_view token) {
    const auto values = joined(req, name);
    for (const auto item : http::token_list(values))
        if (ascii::iequals(item, token)) return true;
    return false;
}

// §4.1: the key is 16 random bytes, base64-encoded (24 characters).
bool valid_key(std::string_view key) {
    if (key.size() != 24 || !key.ends_with("==")) return false;
    unsigned char raw[18];
    return EVP_DecodeBlock(raw, reinterpret_cast<const unsigned char*>(key.data()), 24) == 18;
}

http::response<http::string_body> make_response(const http::request<http::string_body>& req,
                                                http::status status, std::string body,
                                                std::string_view content_type) {
    http::response<http::string_body> res{status, req.version()};
    res.set(http::field::content_type, content_type);
    res.keep_alive(req.keep_alive());
    res.body() = std::move(body);
    res.prepare_payload();
    // RFC 9110 §9.3.2: a HEAD response announces the body's length without it.
    if (req.method() == http::verb::head) res.body().clear();
    return res;
}

// A refused handshake still says what the backend received, so a client
// behind a proxy can tell which header the proxy dropped or changed.
answer refuse(const http::request<http::string_body>& req, const std::string& request_json, http::status status,
              std::string reason) {
    std::string body = "{\"error\":\"" + reason + "\",\"request\":" + request_json + "}\n";
    return {make_response(req, status, std::move(body), "application/json"), false, false, reason};
}

answer upgrade(const http::request<http::string_body>& req, bool deflate_enabled) {
    http::response<http::string_body> res{http::status::switching_protocols, 11};
    res.set(http::field::upgrade, "websocket");
    res.set(http::field::connection, "Upgrade");
    res.set(http::field::sec_websocket_accept, ws::accept_key(req[http::field::sec_websocket_key]));
    const auto protocols = joined(req, http::field::sec_websocket_protocol);
    const http::token_list offered(protocols);
    if (offered.begin() != offered.end()) res.set(http::field::sec_websocket_protocol, *offered.begin());
    std::optional<std::string> extensions;
    if (deflate_enabled) extensions = deflate::negotiate(joined(req, http::field::sec_websocket_extensions));
    if (extensions) res.set(http::field::sec_websocket_extensions, *extensions);
    return {std::move(res), true, extensions.has_value(), {}};
}

// nginx refuses a path whose percent-decoding yields a NUL byte (400), as a
// NUL would cut the path short wherever it is handled as a C string.
bool path_decodes_to_nul(std::string_view target) {
    const auto path = target.substr(0, target.find('?'));
    for (auto at = path.find('%'); at != std::string_view::npos; at = path.find('%', at + 1))
        if (path.substr(at + 1, 2) == "00") return true;
    return false;
}

}  // namespace

std::optional<std::chrono::milliseconds> requested_delay(std::string_view target) {
    static constexpr std::string_view prefix = "/__delay/";
    const auto path = target.substr(0, target.find('?'));
    if (!path.starts_with(prefix)) return std::nullopt;
    const auto digits = path.substr(prefix.size(), path.find('/', prefix.size()) - prefix.size());
    unsigned ms = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), ms);
    if (ec != std::errc{} || end != digits.data() + digits.size() || ms > max_requested_delay_ms) return std::nullopt;
    return std::chrono::milliseconds(ms);
}

std::optional<unsigned> requested_status(std::string_view target) {
    static constexpr std::string_view prefix = "/__status/";
    const auto path = target.substr(0, target.find('?'));
    if (!path.starts_with(prefix) || path.size() != prefix.size() + 3) return std::nullopt;
    unsigned status = 0;
    const auto digits = path.substr(prefix.size());
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), status);
    if (ec != std::errc{} || end != digits.data() + digits.size() || status < 200 || status > 599)
        return std::nullopt;
    return status;
}

answer answer_request(const http::request<http::string_body>& req, const request_info& info,
                      const peer_info& peer, bool deflate_enabled) {
    if (path_decodes_to_nul(req.target()))
        return refuse(req, request_json(peer, info), http::status::bad_request,
                      "the target's path decodes to a NUL byte");
    if (const auto status = requested_status(req.target())) {
        return {make_response(req, static_cast<http::status>(*status), request_json(peer, info),
                              "application/json"),
                false,
                false,
                {}};
    }
    const bool handshake = has_token(req, http::field::upgrade, "websocket") &&
                           has_token(req, http::field::connection, "upgrade");
    if (!handshake) {
        return {make_response(req, http::status::ok, request_json(peer, info), "application/json"),
                false,
                false,
                {}};
    }
    const auto seen = request_json(peer, info);
    if (req.method() != http::verb::get)
        return refuse(req, seen, http::status::bad_request, "a WebSocket handshake must be GET");
    if (req.version() != 11)
        return refuse(req, seen, http::status::bad_request, "a WebSocket handshake must be HTTP/1.1");
    if (req.count(http::field::host) != 1)
        return refuse(req, seen, http::status::bad_request, "a WebSocket handshake needs one Host header");
    if (req.count(http::field::sec_websocket_key) != 1 || !valid_key(req[http::field::sec_websocket_key]))
        return refuse(req, seen, http::status::bad_request, "missing or malformed Sec-WebSocket-Key");
    if (req[http::field::sec_websocket_version] != "13") {
        auto refused =
            refuse(req, seen, http::status::upgrade_required, "only Sec-WebSocket-Version 13 is supported");
        refused.response.set(http::field::sec_websocket_version, "13");
        return refused;
    }
    return upgrade(req, deflate_enabled);
}

}  // namespace wsgate::echo
