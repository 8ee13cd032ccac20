// try_files, root and index. wsgate-proxy serves no files, so of try_files
// only its last argument acts: what nginx does when none of the files
// exists. root and index are checked and change nothing (no file is looked
// up under them).
#include "builder.hpp"
#include "error.hpp"
#include "values.hpp"

#include "wsgate/ascii.hpp"

namespace wsgate::proxy::config::detail {

namespace {

// ngx_http_core_try_files: "=CODE" takes a code up to 999.
constexpr std::int64_t max_try_files_code = 999;

}  // namespace

void builder::on_try_files(const statement& st) {
    level& l = current_level();
    if (l.try_files) duplicate(st);
    // The files are still compiled: an unknown variable in one is nginx's error too.
    for (std::size_t i = 1; i + 1 < st.args.size(); ++i) compile(st.args[i], st);
    try_files_fallback fallback;
    fallback.where = st.where;
    const auto& last = st.args.back();
    if (last.starts_with("=")) {
        const auto code = parse_number(std::string_view(last).substr(1));
        if (!code || *code > max_try_files_code) throw config_error("invalid code " + ascii::quoted(last), st.where);
        fallback.code = static_cast<int>(*code);
    } else if (last.starts_with("@")) {
        fallback.named = last;
    } else {
        fallback.uri = compile(last, st);
    }
    l.try_files = std::move(fallback);
}

void builder::on_root(const statement& st) {
    level& l = current_level();
    if (l.root) duplicate(st);
    compile(st.args[1], st);
    l.root = st.args[1];
}

void builder::on_index(const statement& st) {
    for (std::size_t i = 1; i < st.args.size(); ++i) {
        if (st.args[i].empty()) throw config_error("index \"\" in \"index\" directive is invalid", st.where);
        compile(st.args[i], st);
    }
}

}  // namespace wsgate::proxy::config::detail
