// The client side of a proxied connection: plain TCP or TLS.
#pragma once

#include "wsgate/any_stream.hpp"

namespace wsgate::proxy::server {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using wsgate::nothrow;
using client_stream = wsgate::any_stream;

}  // namespace wsgate::proxy::server
