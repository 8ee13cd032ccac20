#include "http/rewrite_phase.hpp"

#include <variant>

namespace wsgate::proxy::http {

namespace {

using config::rewrite_rule;
using flag = rewrite_rule::flag;
using kind = rewrite_outcome::kind;

// The script engine of one phase (ngx_http_script_*_code): each step says
// whether it ended the phase.
class phase {
public:
    phase(config::eval_context& eval, request_info& info, const connection_info& connection)
        : eval_(eval), info_(info), connection_(connection) {}

    bool run(const config::rewrite_list& steps) {
        for (const auto& step : steps)
            if (std::visit([this](const auto& what) { return apply(what); }, step.what)) return true;
        return false;
    }

    // ngx_http_core_post_rewrite_phase: a URI changed without a flag that
    // ended the phase is searched again.
    rewrite_outcome finish(bool ended) {
        if (!ended && uri_changed_) outcome_.what = kind::search_again;
        info_.rewrite = eval_.rewrite;
        return outcome_;
    }

private:
    bool apply(const rewrite_rule& rule) {
        auto groups = rule.pattern.match(info_.target.uri);
        if (!groups) return false;
        config::take_captures(eval_.rewrite, rule.pattern, std::move(*groups));
        std::string result = config::evaluate(rule.replacement, eval_);
        // A trailing "?" keeps the request's arguments off the new URI;
        // otherwise they follow the replacement's own ("?a=1&old").
        if (rule.replacement.source.ends_with("?")) {
            if (result.ends_with("?")) result.pop_back();
        } else if (!info_.target.args.empty()) {
            result += (result.find('?') == std::string::npos ? "?" : "&") + info_.target.args;
        }
        if (rule.absolute || rule.how == flag::redirect || rule.how == flag::permanent) {
            outcome_.what = kind::redirect;
            outcome_.status = rule.how == flag::permanent ? 301 : 302;
            outcome_.location = result.starts_with("/") ? absolute_location(result, info_, connection_) : result;
            return true;
        }
        info_.target = redirected_target(info_.target, result);
        eval_.uri = info_.target.uri;
        eval_.args = info_.target.args;
        uri_changed_ = true;
        if (rule.how == flag::last) {
            outcome_.what = kind::search_again;
            return true;
        }
        if (rule.how == flag::break_cycle) return stay();
        return false;
    }

    bool apply(const config::set_variable& set) {
        auto value = config::evaluate(set.value, eval_);
        if (set.name == "args") {
            info_.target.args = value;
            eval_.args = std::move(value);
        } else {
            config::assign(eval_.rewrite, set.name, std::move(value));
        }
        return false;
    }

    bool apply(const config::return_action& action) {
        outcome_.what = kind::returned;
        outcome_.returned = &action;
        return true;
    }

    bool apply(const config::break_rewrites&) { return stay(); }

    bool apply(const config::rewrite_if& block) { return holds(block.condition) && run(block.steps); }

    // ngx_http_script_break_code: a URI changed so far stays in this
    // location, which then sends it upstream whole.
    bool stay() {
        if (uri_changed_) info_.target.rewritten_in_place = true;
        uri_changed_ = false;
        return true;
    }

    bool holds(const config::rewrite_condition& c) {
        using test = config::rewrite_condition::kind;
        switch (c.test) {
            case test::not_empty: {
                const auto value = config::evaluate(c.subject, eval_);
                return !value.empty() && value != "0";
            }
            case test::equals:
                return (config::evaluate(c.subject, eval_) == config::evaluate(c.operand, eval_)) != c.negated;
            case test::regex_match: {
                auto groups = c.pattern->match(config::evaluate(c.subject, eval_));
                const bool matched = groups.has_value();
                if (matched && !c.negated) config::take_captures(eval_.rewrite, *c.pattern, std::move(*groups));
                return matched != c.negated;
            }
            case test::file_test:
                // wsgate-proxy serves no files: none exists.
                return c.negated;
        }
        return false;
    }

    config::eval_context& eval_;
    request_info& info_;
    const connection_info& connection_;
    rewrite_outcome outcome_;
    bool uri_changed_ = false;
};

}  // namespace

rewrite_outcome run_rewrites(const config::rewrite_list& steps, config::eval_context& eval, request_info& info,
                             const connection_info& connection) {
    phase p(eval, info, connection);
    const bool ended = p.run(steps);
    return p.finish(ended);
}

}  // namespace wsgate::proxy::http
