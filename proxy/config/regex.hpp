// A regular expression as nginx 1.22 compiles it (ngx_regex.c with PCRE2):
// PCRE2 syntax, PCRE2_CASELESS for "~*", unanchored unless the pattern says
// "^". Locations, server names and map keys that start with "~" use it.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wsgate::proxy::config {

class regex {
public:
    // Throws std::invalid_argument with nginx's text:
    // pcre2_compile() failed: missing closing parenthesis in "^/(ws" at ""
    regex(std::string pattern, bool caseless);

    // Whether the pattern matches somewhere in subject. A subject that runs
    // into PCRE2's match limit (catastrophic backtracking) does not match,
    // as nginx logs the error and declines the location.
    bool matches(std::string_view subject) const;
    // The match's groups ([0] the whole match; a group that took no part is
    // empty), or nullopt under the same rules as matches().
    std::optional<std::vector<std::string>> match(std::string_view subject) const;

    // The named groups ("(?<room>...)") and their numbers: nginx makes
    // each a variable, set whenever the pattern matches.
    const std::vector<std::pair<std::string, std::size_t>>& names() const { return names_; }

    const std::string& pattern() const { return pattern_; }
    bool caseless() const { return caseless_; }

private:
    struct compiled;
    std::shared_ptr<const compiled> code_;  // shared: a location is copied into every level that inherits it
    std::string pattern_;
    bool caseless_;
    std::vector<std::pair<std::string, std::size_t>> names_;
};

}  // namespace wsgate::proxy::config
