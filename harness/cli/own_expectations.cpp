#include "cli/own_expectations.hpp"

#include "cli/own_config_suite.hpp"
#include "scenario/field_reader.hpp"
#include "scenario/loader.hpp"
#include "scenario/selection.hpp"

#include <algorithm>

namespace wsgate::cli {

namespace {

std::string scheme_and_authority(const std::string& url) {
    const auto parsed = engine::parse_url(url);
    return std::string(parsed.tls ? "wss://" : "ws://") + parsed.authority();
}

// The URL a case's "{{endpoint:NAME}}" stands for.
std::string named_url(const std::string& text, const scenario::expectations& expected, const std::string& case_id) {
    const auto prefix = std::string(scenario::endpoint_url_prefix);
    const auto name = text.substr(prefix.size(), text.size() - prefix.size() - 2);
    if (auto known = expected.names.find(name); known != expected.names.end()) return known->second;
    std::string names;
    for (const auto& [n, url] : expected.names) names += (names.empty() ? "" : ", ") + n;
    throw scenario::scenario_error(expected.file.string() + ": case " + case_id + " names endpoint \"" + name +
                                   "\", which the expectations do not name (known: " +
                                   (names.empty() ? std::string("none") : names) + ")");
}

}  // namespace

void apply_expectations(inspect::discovery& found, const scenario::expectations& expected) {
    std::erase_if(found.endpoints, [&](const inspect::endpoint& e) {
        return std::any_of(expected.skip.begin(), expected.skip.end(),
                           [&](const std::string& glob) { return scenario::glob_match(glob, e.url); });
    });
    for (const auto& a : expected.add) {
        const auto like = std::find_if(found.endpoints.begin(), found.endpoints.end(), [&](const inspect::endpoint& e) {
            return e.websocket && scheme_and_authority(e.url) == scheme_and_authority(a.url);
        });
        if (like == found.endpoints.end())
            throw scenario::scenario_error(expected.file.string() + ":" + std::to_string(a.line) + ": " + a.url +
                                           " is served by no WebSocket endpoint of the config with its scheme, host "
                                           "and port");
        auto added = *like;
        added.url = a.url;
        added.path_is_sample = false;
        added.location = "(added by " + expected.file.filename().string() + ")";
        added.source = expected.file.string() + ":" + std::to_string(a.line);
        found.endpoints.push_back(std::move(added));
    }
}

std::vector<engine::runnable_case> expectation_cases(
    const scenario::expectations& expected, const inspect::discovery& found, const sandbox::sandbox_result& sandbox,
    const std::function<engine::runnable_case(const scenario::scenario_case&)>& runnable) {
    std::vector<engine::runnable_case> out;
    for (const auto& file : expected.scenarios) {
        for (const auto& c : scenario::load_file(file, "expect")) {
            auto r = runnable(c);
            for (auto& st : r.steps) {
                auto* connect = std::get_if<engine::connect_step>(&st.body);
                if (!connect || !connect->url.starts_with(scenario::endpoint_url_prefix)) continue;
                connect->url = named_url(connect->url, expected, c.id);
                const auto e = std::find_if(found.endpoints.begin(), found.endpoints.end(),
                                            [&](const inspect::endpoint& x) { return x.url == connect->url; });
                if (e == found.endpoints.end())
                    throw scenario::scenario_error(file.string() + ": case " + c.id + " connects to " + connect->url +
                                                   ", which is no endpoint of the config");
                if (!r.endpoint) r.endpoint = engine::endpoint_binding{engine::parse_url(e->url), listener_port(*e, sandbox)};
            }
            out.push_back(std::move(r));
        }
    }
    return out;
}

}  // namespace wsgate::cli
