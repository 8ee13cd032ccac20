// The phases nginx 1.22 takes a request through before its content handler
// (ngx_http_core_module's phase engine): the server rewrite phase, finding
// the location, the location's rewrite phase, searching again after
// "rewrite ... last" or a changed URI, and try_files' redirects, which start
// over at the server rewrite phase; ten URI changes at most.
#pragma once

#include "config/model.hpp"
#include "http/request.hpp"
#include "http/route.hpp"

#include <string>

namespace wsgate::proxy::http {

// What to do with the request; info ends as the phases left it (its target
// after rewrites and redirects, its "set" variables and captures).
route_result route_request(const config::main_config& config, const config::server_block& server,
                           const client_request& request, request_info& info, const connection_info& connection,
                           const std::string& hostname);

}  // namespace wsgate::proxy::http
