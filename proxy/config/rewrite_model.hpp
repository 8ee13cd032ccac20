// ngx_http_rewrite_module's directives as the reference proxy runs them: the
// list of one server{} level (its server rewrite phase) or one location (its
// rewrite phase), in the order written, "if" blocks holding lists of their own.
#pragma once

#include "config/regex.hpp"

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace wsgate::proxy::config {

// Where a directive was written, for messages in nginx's "FILE:LINE" form.
struct source_location {
    std::string file;
    int line = 0;
};

// A string with variables ("$http_upgrade", "${host}:8080", captures "$1")
// split into parts once at load time.
struct value_template {
    struct part {
        bool is_variable = false;
        std::string text;  // literal text, or the variable name without '$' (lowercase; "1".."9" for captures)
    };
    std::vector<part> parts;
    std::string source;    // as written, for messages

    bool is_constant() const { return parts.size() <= 1 && (parts.empty() || !parts[0].is_variable); }
};

// nginx's "return": the answer a server or a location gives instead of
// proxying.
struct return_action {
    int code = 0;                            // close_without_answer: close the connection, send nothing
    std::optional<value_template> location;  // redirects (301, 302, 303, 307, 308): the Location, evaluated per request
    std::optional<value_template> text;      // other codes: the body, sent with the location's default_type
    source_location where;

    static constexpr int close_without_answer = 444;
};

// rewrite REGEX REPLACEMENT [last | break | redirect | permanent]
struct rewrite_rule {
    enum class flag { none, last, break_cycle, redirect, permanent };
    config::regex pattern;     // matched against $uri
    value_template replacement;
    flag how = flag::none;
    bool absolute = false;     // the replacement starts with http://, https:// or $scheme: a redirect
};

// set $NAME VALUE
struct set_variable {
    std::string name;  // lowercase, without '$'
    value_template value;
};

// break
struct break_rewrites {};

// if (CONDITION) { ... }: ngx_http_rewrite_if_condition's forms. File tests
// (-f, -d, -e, -x) see no file: wsgate-proxy serves none, as with try_files.
struct rewrite_condition {
    enum class kind { not_empty, equals, regex_match, file_test };
    kind test = kind::not_empty;
    bool negated = false;                // "!=", "!~", "!~*", "!-f"
    value_template subject;              // the variable, or the file name
    value_template operand;              // equals: the string compared with
    std::optional<config::regex> pattern;  // regex_match: captures set when it matches
};

struct rewrite_step;

struct rewrite_if {
    rewrite_condition condition;
    std::vector<rewrite_step> steps;
};

struct rewrite_step {
    std::variant<rewrite_rule, set_variable, return_action, break_rewrites, rewrite_if> what;
    source_location where;
};

using rewrite_list = std::vector<rewrite_step>;

}  // namespace wsgate::proxy::config
