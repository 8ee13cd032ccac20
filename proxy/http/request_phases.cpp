#include "http/request_phases.hpp"

#include "http/rewrite_phase.hpp"
#include "http/upstream_request.hpp"

namespace wsgate::proxy::http {

namespace {

using action = route_result::action;

// NGX_HTTP_MAX_URI_CHANGES: URI changes one request may take; the one after
// them is a 500.
constexpr int max_uri_changes = 10;

// A phase's return or redirect, as the answer of location.
std::optional<route_result> answer_of(const rewrite_outcome& outcome, const config::location_block& location) {
    route_result result;
    result.location = &location;
    switch (outcome.what) {
        case rewrite_outcome::kind::returned:
            result.what = action::returned;
            result.returned = outcome.returned;
            result.status = outcome.returned->code;
            return result;
        case rewrite_outcome::kind::redirect:
            result.what = action::redirect;
            result.status = outcome.status;
            result.location_header = outcome.location;
            return result;
        case rewrite_outcome::kind::carry_on:
        case rewrite_outcome::kind::search_again:
            break;
    }
    return std::nullopt;
}

route_result cycle(const config::location_block& location, std::string error) {
    route_result result;
    result.location = &location;
    result.status = 500;
    result.error = std::move(error);
    return result;
}

}  // namespace

route_result route_request(const config::main_config& config, const config::server_block& server,
                           const client_request& request, request_info& info, const connection_info& connection,
                           const std::string& hostname) {
    const auto eval_for = [&](const config::location_block& location) {
        return make_eval_context(config, request, info, connection, server, location, hostname);
    };
    int changes = 0;
    while (true) {
        auto server_eval = eval_for(server.unmatched);
        if (auto answer = answer_of(run_rewrites(server.rewrites, server_eval, info, connection), server.unmatched))
            return *answer;

        auto found = find_config(server, info, connection);
        while (true) {
            if (found.what != action::found) return found;
            const auto& location = *found.location;
            if (!found.captures.empty() && location.regex)
                config::take_captures(info.rewrite, *location.regex, std::move(found.captures));
            auto eval = eval_for(location);
            const auto outcome = run_rewrites(location.rewrites, eval, info, connection);
            if (auto answer = answer_of(outcome, location)) return *answer;
            if (outcome.what == rewrite_outcome::kind::search_again) {
                if (++changes > max_uri_changes)
                    return cycle(location, "rewrite or internal redirection cycle while processing \"" +
                                               info.target.uri + "\"");
                found = find_config(server, info, connection);
                continue;
            }
            auto content = choose_content(server, request, info, location);
            if (content.what == action::named_redirect) {
                if (++changes > max_uri_changes)
                    return cycle(location, "rewrite or internal redirection cycle while redirect to named location \"" +
                                               content.location->path + "\"");
                found.what = action::found;
                found.location = content.location;
                continue;
            }
            if (content.what != action::internal_redirect) return content;
            const auto target = config::evaluate(*location.try_files->uri, eval_for(location));
            if (++changes > max_uri_changes)
                return cycle(location, "rewrite or internal redirection cycle while internally redirecting to \"" +
                                           target + "\"");
            info.target = redirected_target(info.target, target);
            break;
        }
    }
}

}  // namespace wsgate::proxy::http
