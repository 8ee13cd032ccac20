// permessage-deflate (RFC 7692) negotiation for an echo backend. Frames are
// echoed as received, so compressed frames go back compressed; the backend
// inflates (with wsgate/deflate.hpp) only single-frame text messages, to
// recognise control messages.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace wsgate::echo::deflate {

// The Sec-WebSocket-Extensions response for the client's offers (all its
// header lines joined with ", "), or nullopt to decline. The response always
// carries client_no_context_takeover: a compressed control message is not
// echoed, so with context takeover the client's next compressed message could
// refer to bytes its peer's inflater never saw. Offers asking the server for a
// window under the largest are declined, since echoed frames use the client's window.
std::optional<std::string> negotiate(std::string_view offers);

}  // namespace wsgate::echo::deflate
