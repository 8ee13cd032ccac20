#include "cli/implied_redirect.hpp"

#include "inspect/header_values.hpp"

#include "wsgate/ascii.hpp"

#include <algorithm>
#include <sstream>
#include <vector>

namespace wsgate::cli {

namespace {

// The default code of a redirect that names none, in each language.
constexpr int default_redirect_code = 302;

std::vector<std::string> words_of(const std::string& text) {
    std::istringstream in(text);
    std::vector<std::string> out;
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

std::optional<int> code_of(const std::string& word) {
    if (word.size() != 3 || !std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    return std::stoi(word);
}

}  // namespace

std::optional<redirect_rule> read_redirect(const std::string& language, const std::string& rule) {
    const auto w = words_of(rule);
    if (w.empty()) return std::nullopt;
    redirect_rule r;
    if (language == "nginx") {
        // return CODE [URL] | return URL
        if (const auto code = code_of(w[0])) {
            r.code = *code;
            if (w.size() > 1) r.target = w[1];
        } else {
            r.target = w[0];
        }
        return r;
    }
    if (language == "haproxy") {
        // redirect location|scheme X [code N] [...]: the prefix form and
        // the options that change the Location are left unread.
        if (w.size() < 2 || (w[0] != "location" && w[0] != "scheme")) return std::nullopt;
        for (std::size_t i = 2; i < w.size(); ++i) {
            if (w[i] == "code" && i + 1 < w.size() && code_of(w[i + 1])) r.code = *code_of(w[i + 1]);
            if (w[i] == "drop-query" || w[i] == "append-slash" || w[i] == "set-cookie" || w[i] == "clear-cookie")
                return std::nullopt;
        }
        r.target = w[1];
        r.scheme_only = w[0] == "scheme";
        return r;
    }
    // Caddy: "CODE TO" for its automatic HTTPS redirect, "TO [CODE]" for redir.
    if (const auto code = code_of(w[0]); code && w.size() > 1) return redirect_rule{*code, w[1], false};
    r.target = w[0];
    r.code = default_redirect_code;
    if (w.size() > 1) {
        if (w[1] == "permanent") r.code = 301;
        else if (w[1] == "temporary") r.code = 302;
        else if (const auto code = code_of(w[1])) r.code = *code;
        else return std::nullopt;
    }
    return r;
}

std::optional<engine::runnable_case> redirect_case(const inspect::endpoint& e, const inspect::discovery& found,
                                                   std::uint16_t port) {
    const auto rule = read_redirect(found.language, e.redirect);
    if (!rule) return std::nullopt;
    const auto url = engine::parse_url(e.url);
    engine::runnable_case c;
    c.info.id = "config/redirect@" + e.url;
    c.info.group = "config";
    c.info.title = "The route answers with its configured redirect: " + std::to_string(rule->code) +
                   (rule->target.empty() ? std::string() : " to " + rule->target);
    c.info.requirement = "the route's redirect (" + e.source + ")";
    c.info.file = found.config;
    c.info.tags = {"config"};
    c.endpoint = engine::endpoint_binding{url, port};
    engine::connect_step connect;
    connect.url = e.url;
    engine::expect_handshake_step handshake;
    handshake.status = rule->code;
    const inspect::request_facts request{ascii::lowercase(url.host), url.authority(), url.tls, url.target};
    if (rule->scheme_only)
        handshake.location = rule->target + "://" + url.authority() + url.target;
    else if (!rule->target.empty())
        handshake.location = inspect::header_value_for(rule->target, request);
    c.steps = {engine::step{connect, "connect"}, engine::step{handshake, "expect_handshake"}};
    return c;
}

}  // namespace wsgate::cli
