#include "engine/diagnose.hpp"

#include "wsgate/ascii.hpp"

#include <boost/json/parse.hpp>

namespace wsgate::engine {

namespace {

bool contains(const std::string& text, const char* what) { return text.find(what) != std::string::npos; }

struct backend_view {
    bool known = false;  // the body is wsgate-echo's account of the request
    std::string version;
    std::optional<std::string> upgrade;
    std::optional<std::string> connection;
};

// wsgate-echo answers a plain request with what it received, and a refused
// upgrade with {"error", "request"}: either tells what the proxy forwarded.
backend_view read_backend_view(const std::string& body) {
    backend_view v;
    boost::system::error_code ec;
    auto json = boost::json::parse(body, ec);
    if (ec || !json.is_object()) return v;
    const auto* request = json.as_object().if_contains("request");
    const auto& o = request && request->is_object() ? request->as_object() : json.as_object();
    const auto* headers = o.if_contains("headers");
    if (!headers || !headers->is_array()) return v;
    v.known = true;
    if (const auto* version = o.if_contains("version"); version && version->is_string())
        v.version = std::string(version->as_string());
    for (const auto& pair : headers->as_array()) {
        if (!pair.is_array() || pair.as_array().size() != 2) continue;
        const auto name = ascii::lowercase(std::string(pair.as_array()[0].as_string()));
        const std::string value(pair.as_array()[1].as_string());
        if (name == "upgrade") v.upgrade = value;
        if (name == "connection") v.connection = value;
    }
    return v;
}

std::string from_backend(const backend_view& v) {
    if (contains(v.version, "1.0"))
        return "the backend received HTTP/1.0, which cannot upgrade: add proxy_http_version 1.1 to the location";
    if (!v.upgrade)
        return "the backend received no Upgrade header: add proxy_set_header Upgrade $http_upgrade to the location "
               "(Upgrade is hop-by-hop, so a proxy drops it unless told)";
    if (!v.connection || !contains(ascii::lowercase(*v.connection), "upgrade"))
        return "the backend received Connection: " + v.connection.value_or("(none)") +
               ": add proxy_set_header Connection \"upgrade\" (or $connection_upgrade from a map) to the location";
    return {};
}

}  // namespace

std::string diagnose_handshake(const handshake_observation& seen) {
    if (!seen.status) {
        const auto& e = seen.connection_error;
        if (e.empty()) return {};
        if (contains(e, "Connection refused"))
            return "nothing listens on the proxy's port: the proxy is down or listens elsewhere";
        if (contains(e, "certificate verify failed") || contains(e, "certificate"))
            return "TLS certificate mismatch: the proxy's certificate is not valid for this host name, expired, "
                   "or not issued by the CA the client trusts (check ssl_certificate)";
        if (contains(e, "protocol version") || contains(e, "unsupported protocol") ||
            contains(e, "wrong version number") || contains(e, "no protocols available"))
            return "TLS protocol mismatch: the client and ssl_protocols share no TLS version";
        if (contains(e, "handshake failure") || contains(e, "no shared cipher"))
            return "TLS handshake failure: no common cipher or protocol (check ssl_ciphers and ssl_protocols)";
        if (contains(e, "closed before a response"))
            return "the proxy closed the connection without answering: a crash, a timeout, or a plain-HTTP client "
                   "on a TLS port";
        return {};
    }
    const int status = *seen.status;
    if ((status == 301 || status == 302 || status == 307 || status == 308) && seen.location) {
        const auto& loc = *seen.location;
        if (loc.size() > seen.url_path.size() && loc.ends_with(seen.url_path + "/"))
            return "redirect to " + loc + ": the location ends in a slash and the URL does not; connect to " +
                   seen.url_path + "/ or add \"location = " + seen.url_path + "\" (browsers do not follow redirects "
                   "on a WebSocket handshake)";
        return "the proxy redirects to " + loc + "; WebSocket clients do not follow redirects";
    }
    if (status == 502)
        return "502 Bad Gateway: the proxy could not reach a backend (wrong address or port in proxy_pass or the "
               "upstream, or every backend is down)";
    if (status == 504)
        return "504 Gateway Timeout: the backend accepted but did not answer in time (proxy_read_timeout / "
               "proxy_connect_timeout, or a stalled backend)";
    if (status == 404) return "404: no location matches this path, or it is served as a file instead of proxied";
    if (status == 200 || status == 400 || status == 426) {
        const auto view = read_backend_view(seen.body);
        if (view.known) {
            if (auto why = from_backend(view); !why.empty()) return why;
        }
        if (status == 200)
            return "the request was answered as plain HTTP: the upgrade headers did not reach the backend (check "
                   "proxy_http_version 1.1 and proxy_set_header Upgrade/Connection)";
    }
    return {};
}

}  // namespace wsgate::engine
