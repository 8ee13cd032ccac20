// HAProxy's ACLs as the sandbox and discovery read them: named `acl` lines
// and the conditions after `if`/`unless` (`use_backend chat if is_ws
// host_chat`, `{ path_beg /ws }`, `!`, `||`), so both can tell which host
// names and paths a route answers.
#pragma once

#include "sandbox/haproxy_config.hpp"

#include <map>
#include <string>
#include <vector>

namespace wsgate::sandbox {

// One test: a fetch with its match method, flags and patterns
// ("path_beg /ws", "hdr(host) -i chat.example.org", "req.hdr(upgrade) -m str websocket").
struct acl_test {
    std::string fetch;   // "path_beg", "hdr(host)", "req.hdr(upgrade),lower"
    std::string method;  // "-m beg" as "beg"; empty: the fetch's own (path_beg is beg)
    std::vector<std::string> patterns;
    bool ignore_case = false;
};

// A condition term: every test must hold (negated ones must not).
struct acl_term {
    struct part {
        bool negated = false;
        std::vector<acl_test> any_of;  // a named ACL ORs its lines; an anonymous one has one test
        std::string name;              // the ACL's name, empty for an anonymous one
    };
    std::vector<part> all_of;
};

struct acl_condition {
    bool unless = false;
    std::vector<acl_term> any_of;  // terms joined by || or "or"
    bool always() const { return any_of.empty(); }
};

// The section's named ACLs; unknown ones (HAProxy's predefined TRUE,
// HTTP, WAIT_END...) are not in it.
std::map<std::string, std::vector<acl_test>> named_acls(const haproxy_section& section);

// The condition in words[from...]: from points just past the keyword that
// the condition follows, at "if" or "unless" (none: always).
acl_condition read_condition(const std::vector<std::string>& words, std::size_t from,
                             const std::map<std::string, std::vector<acl_test>>& acls);

// Whether the test looks at the request's host name (Host header or SNI),
// and at its path.
bool tests_host(const acl_test& t);
bool tests_path(const acl_test& t);

// Every host name a section's ACLs and inline conditions compare against:
// the names its certificate should carry.
std::vector<std::string> host_names(const haproxy_section& section);

}  // namespace wsgate::sandbox
