#include "sandbox/haproxy_acl.hpp"

#include <algorithm>

namespace wsgate::sandbox {

namespace {

// Flags that take no argument, and those that take one (-m METHOD, -f FILE...).
bool plain_flag(const std::string& w) { return w == "-i" || w == "-n" || w == "-u" || w == "--"; }
bool flag_with_argument(const std::string& w) { return w == "-m" || w == "-f" || w == "-M"; }

// Reads one test from words[at...] up to a word that ends it.
acl_test read_test(const std::vector<std::string>& words, std::size_t& at, const std::vector<std::string>& stops) {
    acl_test t;
    if (at < words.size()) t.fetch = words[at++];
    while (at < words.size() && std::find(stops.begin(), stops.end(), words[at]) == stops.end()) {
        const auto& w = words[at];
        if (plain_flag(w)) {
            t.ignore_case = t.ignore_case || w == "-i";
        } else if (flag_with_argument(w) && at + 1 < words.size()) {
            if (w == "-m") t.method = words[at + 1];
            ++at;
        } else {
            t.patterns.push_back(w);
        }
        ++at;
    }
    return t;
}

}  // namespace

std::map<std::string, std::vector<acl_test>> named_acls(const haproxy_section& section) {
    std::map<std::string, std::vector<acl_test>> acls;
    for (const auto& line : section.lines) {
        if (line.words.size() < 3 || line.words[0] != "acl") continue;
        std::size_t at = 2;
        acls[line.words[1]].push_back(read_test(line.words, at, {}));
    }
    return acls;
}

acl_condition read_condition(const std::vector<std::string>& words, std::size_t from,
                             const std::map<std::string, std::vector<acl_test>>& acls) {
    acl_condition c;
    auto at = std::find_if(words.begin() + static_cast<std::ptrdiff_t>(std::min(from, words.size())), words.end(),
                           [](const std::string& w) { return w == "if" || w == "unless"; });
    if (at == words.end()) return c;
    c.unless = *at == "unless";
    std::size_t i = static_cast<std::size_t>(at - words.begin()) + 1;
    c.any_of.emplace_back();
    while (i < words.size()) {
        auto w = words[i];
        if (w == "||" || w == "or") {
            c.any_of.emplace_back();
            ++i;
            continue;
        }
        acl_term::part p;
        if (w.starts_with("!")) {
            p.negated = true;
            w = w.substr(1);
            if (w.empty()) {
                if (++i >= words.size()) break;
                w = words[i];
            }
        }
        if (w == "{") {
            ++i;
            p.any_of.push_back(read_test(words, i, {"}"}));
            ++i;
        } else {
            p.name = w;
            if (auto known = acls.find(w); known != acls.end()) p.any_of = known->second;
            ++i;
        }
        c.any_of.back().all_of.push_back(std::move(p));
    }
    return c;
}

bool tests_host(const acl_test& t) {
    const auto& f = t.fetch;
    return f.starts_with("hdr(host)") || f.starts_with("req.hdr(host)") || f.starts_with("hdr_beg(host)") ||
           f.starts_with("hdr_end(host)") || f.starts_with("hdr_dom(host)") || f.starts_with("hdr_reg(host)") ||
           f.starts_with("ssl_fc_sni") || f.starts_with("req.ssl_sni") || f.starts_with("req_ssl_sni") ||
           f.starts_with("req.hdr(Host)") || f.starts_with("hdr(Host)");
}

bool tests_path(const acl_test& t) {
    return t.fetch.starts_with("path") || t.fetch.starts_with("url") || t.fetch.starts_with("base");
}

std::vector<std::string> host_names(const haproxy_section& section) {
    std::vector<std::string> names;
    const auto add = [&](const acl_test& t) {
        if (!tests_host(t) || t.fetch.find("_reg") != std::string::npos || t.method == "reg") return;
        for (const auto& p : t.patterns)
            if (std::find(names.begin(), names.end(), p) == names.end()) names.push_back(p);
    };
    for (const auto& [name, tests] : named_acls(section))
        for (const auto& t : tests) add(t);
    for (const auto& line : section.lines)
        for (std::size_t i = 0; i < line.words.size(); ++i)
            if (line.words[i] == "{") {
                std::size_t at = i + 1;
                add(read_test(line.words, at, {"}"}));
            }
    return names;
}

}  // namespace wsgate::sandbox
