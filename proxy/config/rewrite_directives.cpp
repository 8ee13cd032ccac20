// ngx_http_rewrite_module's "return", as nginx 1.22 reads it: "return CODE",
// "return CODE URL" for the redirect codes, "return CODE TEXT" for the
// others (the text is the body, typed by default_type), "return URL" (a
// 302), and 444 to close the connection.
#include "builder.hpp"
#include "error.hpp"
#include "values.hpp"

#include "wsgate/ascii.hpp"

#include <algorithm>
#include <array>

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

// nginx runs the first return of a level and never reaches a second.
void keep_first(std::optional<return_action>& slot, return_action action) {
    if (!slot) slot = std::move(action);
}

}  // namespace

void builder::on_return(const statement& st) {
    auto& slot = context_ == location_ctx ? servers_.back().locations.back().returns : servers_.back().returns;
    return_action action;
    action.where = st.where;
    const auto& first = st.args[1];
    if (st.args.size() == 2 && looks_like_url(first)) {
        action.code = default_redirect;
        action.location = compile(first, st);
        keep_first(slot, std::move(action));
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
    keep_first(slot, std::move(action));
}

}  // namespace wsgate::proxy::config::detail
