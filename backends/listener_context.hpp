// What every connection of one listener shares; owned by the server, which
// outlives all connections.
#pragma once

#include "connection_registry.hpp"

#include <boost/asio/ssl/context.hpp>

#include <cstdint>
#include <string>

namespace wsgate::echo {

struct listener_context {
    std::string id;                            // the backend id: single, b1, ...
    boost::asio::ssl::context* tls = nullptr;  // nullptr: plain ws
    bool deflate = true;                       // permessage-deflate may be negotiated
    std::uint64_t max_message = 0;             // bigger messages get close 1009
    connection_registry* registry = nullptr;
};

}  // namespace wsgate::echo
