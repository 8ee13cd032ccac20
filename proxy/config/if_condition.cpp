// The condition of an "if" block as ngx_http_rewrite_if_condition reads it:
// "(" and ")" around "$var", "$var = S", "$var != S", "$var ~ RE" (also "~*",
// "!~", "!~*") or a file test "-f NAME" (also -d, -e, -x, each with "!"), the
// parentheses either separate words or stuck to the first and the last.
#include "builder.hpp"
#include "error.hpp"

#include "wsgate/ascii.hpp"

namespace wsgate::proxy::config::detail {

namespace {

using kind = rewrite_condition::kind;

[[noreturn]] void invalid(const std::string& word, const source_location& where) {
    throw config_error("invalid condition " + ascii::quoted(word), where);
}

bool is_file_test(const std::string& word) {
    const std::string_view test = word.starts_with("!") ? std::string_view(word).substr(1) : std::string_view(word);
    return test.size() == 2 && test[0] == '-';
}

}  // namespace

rewrite_condition builder::parse_condition(const statement& st) {
    std::vector<std::string> words(st.args.begin() + 1, st.args.end());
    if (words.front().empty() || words.front()[0] != '(') invalid(words.front(), st.where);
    if (words.front().size() == 1) words.erase(words.begin());
    else words.front().erase(0, 1);
    if (words.empty() || words.back().empty() || words.back().back() != ')') invalid(st.args.back(), st.where);
    if (words.back().size() == 1) words.pop_back();
    else words.back().pop_back();
    if (words.empty()) invalid(st.args.back(), st.where);

    rewrite_condition c;
    const std::string& first = words[0];
    if (first.size() > 1 && first[0] == '$') {
        if (words.size() != 1 && words.size() != 3) invalid(first, st.where);
        c.subject = compile(first, st);
        // ngx_http_rewrite_variable takes the whole word as the name.
        if (c.subject.parts.size() != 1 || !c.subject.parts[0].is_variable)
            throw config_error("unknown " + ascii::quoted(ascii::lowercase(first.substr(1))) + " variable", st.where);
        if (words.size() == 1) return c;
        const std::string& op = words[1];
        if (op == "=" || op == "!=") {
            c.test = kind::equals;
            c.negated = op == "!=";
            c.operand = compile(words[2], st);
            return c;
        }
        if (op == "~" || op == "~*" || op == "!~" || op == "!~*") {
            c.test = kind::regex_match;
            c.negated = op.starts_with("!");
            c.pattern = compile_capturing(words[2], op.ends_with("*"), st.where);
            return c;
        }
        throw config_error("unexpected " + ascii::quoted(op) + " in condition", st.where);
    }
    if (is_file_test(first)) {
        if (words.size() != 2) invalid(first, st.where);
        const char test = first.back();
        if (test != 'f' && test != 'd' && test != 'e' && test != 'x') invalid(first, st.where);
        c.test = kind::file_test;
        c.negated = first.starts_with("!");
        c.subject = compile(words[1], st);
        return c;
    }
    invalid(first, st.where);
}

}  // namespace wsgate::proxy::config::detail
