// The request-target as nginx 1.22 reads it: the path states of
// ngx_http_parse_request_line, ngx_http_parse_complex_uri for the paths that
// need it (complex_uri.cpp), the query, an absolute-form's host; and
// ngx_escape_uri for targets nginx rewrites.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace wsgate::proxy::http {

struct request_target {
    std::string unparsed_uri;  // $request_uri: path and query as sent (absolute-form: from the path on)
    std::string uri;           // $uri: %XX decoded, "//" merged, "." and ".." resolved
    std::string args;          // $args: the query as sent, without '?' and any "#fragment"
    std::string host;          // absolute-form only: the host, validated (lowercase, no port)
    bool quoted = false;       // the path had %XX: nginx re-escapes it when it rewrites the URI
    bool redirected = false;   // uri and args come from an internal redirect (try_files, rewrite), not the client
    bool rewritten_in_place = false;  // "rewrite ... break" changed the URI in its location: sent whole upstream
};

// nullopt where nginx answers 400 ("client sent invalid request").
std::optional<request_target> parse_target(std::string_view target);

// ngx_escape_uri(NGX_ESCAPE_URI) as in nginx 1.22: controls, space, '"', '#',
// '%', '<', '>', '?', '\', '^', '`', '{', '|', '}', DEL and bytes >= 0x80
// become %XX (uppercase hex).
std::string escape_uri(std::string_view text);

}  // namespace wsgate::proxy::http
