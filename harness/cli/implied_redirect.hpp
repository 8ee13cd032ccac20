// config/redirect@URL: a route the config answers with a redirect (nginx's
// `return 301 URL`, HAProxy's `http-request redirect`, Caddy's `redir` and
// its automatic HTTPS redirect) answers a WebSocket client's request with
// that code and the Location its target gives the request. A target the
// harness cannot evaluate keeps only the code checked.
#pragma once

#include "engine/runner.hpp"
#include "inspect/discovery.hpp"

#include <cstdint>
#include <optional>

namespace wsgate::cli {

// What a redirect rule of discovery says: the code and the target as written.
struct redirect_rule {
    int code = 302;
    std::string target;  // empty: none written (nginx's "return 301" alone)
    bool scheme_only = false;  // HAProxy's "redirect scheme X": X, the Host and the URI
};

// nullopt for a rule this does not read (HAProxy's prefix form, Caddy's html).
std::optional<redirect_rule> read_redirect(const std::string& language, const std::string& rule);

std::optional<engine::runnable_case> redirect_case(const inspect::endpoint& e, const inspect::discovery& found,
                                                   std::uint16_t port);

}  // namespace wsgate::cli
