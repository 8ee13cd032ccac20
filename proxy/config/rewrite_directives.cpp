// ngx_http_rewrite_module's directives as nginx 1.22 reads them, each
// appended to the list of its server, location or "if" block: "return CODE",
// "return CODE URL" for the redirect codes, "return CODE TEXT" for the
// others (the text is the body, typed by default_type), "return URL" (a
// 302), 444 to close the connection; "rewrite REGEX REPLACEMENT [FLAG]";
// "set $NAME VALUE"; "break"; "if (CONDITION) { ... }".
#include "builder.hpp"
#include "error.hpp"
#include "values.hpp"
#include "variables.hpp"

#include "wsgate/ascii.hpp"

#include <algorithm>
#include <array>
#include <map>

namespace wsgate::proxy::config::detail {

namespace {

// ngx_http_rewrite_return: above this the code is invalid.
constexpr std::int64_t max_return_code = 999;
constexpr int default_redirect = 302;
constexpr std::array redirect_codes{301, 302, 303, 307, 308};

bool is_redirect(int code) { return std::find(redirect_codes.begin(), redirect_codes.end(), code) != redirect_codes.end(); }

// nginx takes a lone argument as a URL when it starts like one.
bool looks_like_url(const std::string& text) {
    return text.starts_with("http://") || text.starts_with("https://") || text.starts_with("$scheme");
}

// A replacement that starts like this is a redirect whatever the flag.
bool is_absolute(const std::string& replacement) {
    return replacement.starts_with("http://") || replacement.starts_with("https://") ||
           replacement.starts_with("$scheme");
}

}  // namespace

rewrite_list& builder::current_rewrites() {
    const bool in_location = context_ == location_ctx || (context_ == if_ctx && if_in_location_);
    auto& level = in_location ? servers_.back().locations.back().rewrites : servers_.back().rewrites;
    if (context_ != if_ctx) return level;
    return std::get<rewrite_if>(level.back().what).steps;
}

void builder::on_return(const statement& st) {
    return_action action;
    action.where = st.where;
    const auto& first = st.args[1];
    if (st.args.size() == 2 && looks_like_url(first)) {
        action.code = default_redirect;
        action.location = compile(first, st);
        current_rewrites().push_back({std::move(action), st.where});
        return;
    }
    const auto code = parse_number(first);
    if (!code || *code > max_return_code) throw config_error("invalid return code " + ascii::quoted(first), st.where);
    action.code = static_cast<int>(*code);
    if (st.args.size() == 3) {
        if (is_redirect(action.code))
            action.location = compile(st.args[2], st);
        else
            action.text = compile(st.args[2], st);
    }
    current_rewrites().push_back({std::move(action), st.where});
}

void builder::on_rewrite(const statement& st) {
    static const std::map<std::string, rewrite_rule::flag, std::less<>> flags{
        {"last", rewrite_rule::flag::last},
        {"break", rewrite_rule::flag::break_cycle},
        {"redirect", rewrite_rule::flag::redirect},
        {"permanent", rewrite_rule::flag::permanent}};
    rewrite_rule rule{compile_capturing(st.args[1], false, st.where), compile(st.args[2], st)};
    rule.absolute = is_absolute(st.args[2]);
    if (st.args.size() == 4) {
        const auto found = flags.find(st.args[3]);
        if (found == flags.end()) throw config_error("invalid parameter " + ascii::quoted(st.args[3]), st.where);
        rule.how = found->second;
    }
    current_rewrites().push_back({std::move(rule), st.where});
}

void builder::on_set(const statement& st) {
    const std::string& target = st.args[1];
    if (target.size() < 2 || target[0] != '$') throw config_error("invalid variable name " + ascii::quoted(target), st.where);
    const std::string name = ascii::lowercase(target.substr(1));
    // ngx_http_add_variable: only a changeable built-in ($args) may be set.
    if (name != "args" && is_builtin_variable(name))
        throw config_error("the duplicate " + ascii::quoted(name) + " variable", st.where);
    set_variables_.insert(name);
    current_rewrites().push_back({set_variable{name, compile(st.args[2], st)}, st.where});
}

void builder::on_break(const statement& st) { current_rewrites().push_back({break_rewrites{}, st.where}); }

void builder::on_if(const statement& st) {
    const bool in_location = context_ == location_ctx;
    rewrite_if block{parse_condition(st), {}};
    current_rewrites().push_back({std::move(block), st.where});
    if_in_location_ = in_location;
    read_block(if_ctx);
}

}  // namespace wsgate::proxy::config::detail
