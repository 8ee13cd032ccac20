// One rewrite phase as ngx_http_rewrite_module runs it: the directives of a
// server{} level or a location in order, "if" blocks entered when their
// condition holds, until a return, a redirect, "last", "break" or the end.
#pragma once

#include "config/rewrite_model.hpp"
#include "config/variables.hpp"
#include "http/request.hpp"
#include "http/route.hpp"

#include <string>

namespace wsgate::proxy::http {

struct rewrite_outcome {
    enum class kind {
        carry_on,      // go on: to the location search (server phase), or in this location
        search_again,  // "rewrite ... last", or the URI changed without a flag: find the location again
        returned,      // a "return": answer it
        redirect,      // a rewrite to a URL, or one with "redirect" or "permanent"
    };
    kind what = kind::carry_on;
    const config::return_action* returned = nullptr;
    int status = 0;            // redirect: 301 or 302
    std::string location;      // redirect: the Location, absolute
};

// Runs steps on the request: a changed URI goes into info.target (and
// eval's $uri and $args), "set" values and regex captures into
// eval.rewrite and info.rewrite.
rewrite_outcome run_rewrites(const config::rewrite_list& steps, config::eval_context& eval, request_info& info,
                             const connection_info& connection);

}  // namespace wsgate::proxy::http
