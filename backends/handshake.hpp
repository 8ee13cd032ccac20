// How the backend answers one HTTP request: a WebSocket upgrade (101), a
// refusal asked for with /__status/NNN, an error for a broken handshake, or
// the introspection JSON for an ordinary request.
#pragma once

#include "introspection.hpp"

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <chrono>
#include <optional>

namespace wsgate::echo {

namespace http = boost::beast::http;

struct answer {
    http::response<http::string_body> response;
    bool upgrade = false;  // response is the 101; frames follow
    bool deflate = false;  // permessage-deflate was negotiated
    std::string refusal;   // why a handshake was refused, for the log
};

// RFC 6455 §4.2: a request is a WebSocket handshake when its Upgrade names
// websocket and its Connection names upgrade; otherwise it is plain HTTP and
// gets 200 with the request JSON. A handshake that is not GET over HTTP/1.1,
// lacks Host or a valid Sec-WebSocket-Key gets 400, a version other than 13
// gets 426 (§4.4). The first offered subprotocol is selected.
// info is the same request as received (recording_parser), for the JSON.
answer answer_request(const http::request<http::string_body>& req, const request_info& info,
                      const peer_info& peer, bool deflate_enabled);

// The delay asked for by a target "/__delay/MS[/...]": the answer (upgrade or
// not) is held back that long, so a proxy's read timeout can be tested.
std::optional<std::chrono::milliseconds> requested_delay(std::string_view target);

// The status asked for by a target "/__status/NNN[?...]" (200..599).
std::optional<unsigned> requested_status(std::string_view target);

}  // namespace wsgate::echo
