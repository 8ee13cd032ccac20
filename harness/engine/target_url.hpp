// Scenario URLs name the seed host (ws://api.example.com/ws/); a case
// connects to the proxy under test and sends that host as Host and SNI.
#pragma once

#include "client/transport.hpp"
#include "engine/environment.hpp"
#include "engine/url.hpp"

#include <string>

namespace wsgate::engine {

// The URL a case connects to: its own, or, when the run binds the case to
// one endpoint of a user's config, that endpoint's scheme, host and path
// (the case's query kept when the endpoint has none). A wss case bound to a
// plain endpoint is skipped: it checks what only TLS has.
parsed_url bound_url(const parsed_url& url, const environment& env);

// Where the connection goes: the proxy's plain or TLS listener. Url targets
// put their own path in front of the scenario's.
client::endpoint endpoint_for(const parsed_url& url, const environment& env);

}  // namespace wsgate::engine
