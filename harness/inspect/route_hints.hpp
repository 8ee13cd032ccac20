// What a route's own words say about its purpose: a path or backend named
// for WebSockets is meant to carry them, whatever its settings do.
#pragma once

#include <string>

namespace wsgate::inspect {

// True when a path segment or name is "ws" or "wss", or contains "socket"
// or "sockjs" (socket.io, /websocket, sockjs, ws_nodes): "/socket.io/",
// "wss://x/ws", "chat_ws" do; "/api/", "/news" do not.
bool looks_like_websocket(const std::string& path_or_name);

}  // namespace wsgate::inspect
