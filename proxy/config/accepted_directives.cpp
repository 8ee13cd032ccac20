// Directives nginx has that change nothing wsgate-proxy does: checked as
// nginx checks them and accepted, with a [warn] where nginx would do
// something wsgate-proxy leaves out, so a production config loads whole.
#include "builder.hpp"
#include "error.hpp"
#include "values.hpp"

#include "wsgate/ascii.hpp"

namespace wsgate::proxy::config::detail {

namespace {

// Far deeper than any real configuration nests blocks inside a refused one
// (an if in a limit_except in a location), far short of the stack's reach.
constexpr std::size_t max_skipped_depth = 64;

}  // namespace

void builder::on_load_module(const statement& st) {
    config_.warnings.push_back(at("module " + ascii::quoted(st.args[1]) +
                                      " is not loaded: wsgate-proxy has no dynamic modules, and their "
                                      "directives stay refused",
                                  st.where));
}

// Hash table sizes tune nginx's lookups; wsgate-proxy's tables need none.
void builder::on_hash_size(const statement& st) {
    const auto size = parse_size(st.args[1]);
    if (!size || *size == 0) throw config_error("invalid value " + ascii::quoted(st.args[1]), st.where);
}

// gzip and its settings change plain-HTTP response bodies only; a tunnel's
// bytes are never compressed by nginx either.
void builder::on_body_filter(const statement& st) {
    if (st.name() == "gzip" || st.name() == "gzip_vary") flag_arg(st);
    if (st.name() == "gzip_comp_level" || st.name() == "gzip_min_length") {
        const auto n = st.name() == "gzip_comp_level" ? parse_number(st.args[1]) : parse_size(st.args[1]);
        if (!n) throw config_error("invalid value " + ascii::quoted(st.args[1]), st.where);
    }
    config_.warnings.push_back(
        at(ascii::quoted(st.name()) + " is accepted and ignored by wsgate-proxy: responses are sent uncompressed",
           st.where));
}

// Upstream keepalive caches idle connections for plain requests; a
// WebSocket tunnel holds its upstream connection for its whole life.
void builder::on_upstream_keepalive(const statement& st) {
    const auto n = parse_number(st.args[1]);
    if (!n || *n == 0 || *n > max_int32_value)
        throw config_error("invalid value " + ascii::quoted(st.args[1]) + " in " + ascii::quoted(st.name()) + " directive",
                           st.where);
}

void builder::refuse(const statement& st, const std::string& message) {
    refused_.emplace_back(message, st.where);
    if (!st.opens_block) return;
    // Everything inside belongs to the refused directive. The depth is
    // bounded so that hostile nesting cannot exhaust the stack.
    std::size_t depth = 0;
    const std::function<void(const statement&)> skip = [this, &skip, &depth](const statement& inner) {
        if (!inner.opens_block) return;
        if (++depth > max_skipped_depth)
            throw config_error("blocks nested deeper than " + std::to_string(max_skipped_depth), inner.where);
        reader_.read_block(skip);
        --depth;
    };
    reader_.read_block(skip);
}

}  // namespace wsgate::proxy::config::detail
