// The rewriter's walk, its edits, and the rules that move what HAProxy
// would write outside the run folder or need root for.
#include "sandbox/haproxy_rewriter.hpp"

#include <fstream>

namespace wsgate::sandbox {

const std::map<std::string, haproxy_rewriter::rule>& haproxy_rewriter::rules() {
    static const std::map<std::string, rule> table = {
        {"daemon", &haproxy_rewriter::drop},
        {"chroot", &haproxy_rewriter::drop},
        {"user", &haproxy_rewriter::drop},
        {"group", &haproxy_rewriter::drop},
        {"uid", &haproxy_rewriter::drop},
        {"gid", &haproxy_rewriter::drop},
        {"ca-base", &haproxy_rewriter::drop},
        {"crt-base", &haproxy_rewriter::drop},
        {"parse-resolv-conf", &haproxy_rewriter::drop},
        {"source", &haproxy_rewriter::drop},
        {"pidfile", &haproxy_rewriter::pidfile},
        {"stats", &haproxy_rewriter::stats},
        {"log", &haproxy_rewriter::log},
        {"server-state-file", &haproxy_rewriter::state_file},
        {"server-state-base", &haproxy_rewriter::state_file},
        {"ssl-dh-param-file", &haproxy_rewriter::dh_parameters},
        {"unix-bind", &haproxy_rewriter::unix_bind},
        {"bind", &haproxy_rewriter::bind},
        {"server", &haproxy_rewriter::server},
        {"default-server", &haproxy_rewriter::default_server},
        {"server-template", &haproxy_rewriter::server_template},
        {"nameserver", &haproxy_rewriter::unreachable},
        {"peer", &haproxy_rewriter::unreachable},
        {"mailer", &haproxy_rewriter::unreachable},
    };
    return table;
}

haproxy_rewriter::haproxy_rewriter(haproxy_config config, const haproxy_sandbox_options& options)
    : config_(std::move(config)), options_(options), tls_(options.run_dir / "sandbox" / "tls", options.pki_dir) {}

sandbox_result haproxy_rewriter::run() {
    const auto& table = rules();
    for (const auto& section : config_.sections)
        for (const auto& line : section.lines)
            if (auto r = table.find(line.words[0]); r != table.end()) (this->*r->second)(section, line);
    if (!problems_.empty()) {
        std::string text = "the config cannot run in the sandbox:";
        for (const auto& p : problems_) text += "\n  " + p;
        throw sandbox_error(text);
    }
    const auto copy = options_.run_dir / "sandbox" / "main" / config_.file.relative_path();
    std::filesystem::create_directories(copy.parent_path());
    std::ofstream(copy, std::ios::binary) << apply_edits(config_.text, edits_);
    result_.copies.emplace_back(copy, config_.file);
    result_.main_file = copy;
    result_.language = config_language::haproxy;
    return std::move(result_);
}

void haproxy_rewriter::problem(const haproxy_line& l, const std::string& what) {
    problems_.push_back(what + " in " + where(l).text());
}

std::uint16_t haproxy_rewriter::take_port(const haproxy_line& l) {
    if (ports_taken_ == options_.max_ports)
        problem(l, "more than " + std::to_string(options_.max_ports) +
                       " listeners and server addresses (the sandbox's port range) from here on");
    return static_cast<std::uint16_t>(options_.first_port + ports_taken_++);
}

void haproxy_rewriter::replace_word(const haproxy_line& l, std::size_t index, const std::string& word) {
    const auto& [begin, end] = l.spans[index];
    edits_.push_back({begin, end, haproxy_word(word)});
    result_.rewrites.push_back({where(l), l.words[0], l.words[index], word});
}

void haproxy_rewriter::remove_words(const haproxy_line& l, std::size_t from, std::size_t count,
                                    const std::string& why) {
    std::string before;
    for (std::size_t i = from; i < from + count; ++i) before += (before.empty() ? "" : " ") + l.words[i];
    edits_.push_back({l.spans[from].first, l.spans[from + count - 1].second, ""});
    result_.rewrites.push_back({where(l), l.words[0], before, why});
}

void haproxy_rewriter::blank(const haproxy_line& l) {
    edits_.push_back({l.spans.front().first, l.spans.back().second, ""});
    std::string before;
    for (const auto& w : l.words) before += (before.empty() ? "" : " ") + w;
    result_.rewrites.push_back({where(l), l.words[0], before, "(removed)"});
}

void haproxy_rewriter::drop(const haproxy_section& s, const haproxy_line& l) {
    // A userlist's `user` and `group` are HTTP credentials, not the process's.
    if (s.kind == "userlist") return;
    blank(l);
}

void haproxy_rewriter::pidfile(const haproxy_section& s, const haproxy_line& l) {
    if (s.kind == "global" && l.words.size() >= 2) replace_word(l, 1, run_file("haproxy.pid").string());
}

void haproxy_rewriter::stats(const haproxy_section& s, const haproxy_line& l) {
    if (s.kind != "global" || l.words.size() < 3 || l.words[1] != "socket") return;
    const auto& address = l.words[2];
    // A TCP stats socket gets a loopback port of its own; a UNIX one an
    // abstract socket.
    if (address.starts_with("ipv4@") || address.starts_with("ipv6@") || address.find(':') != std::string::npos) {
        replace_word(l, 2, "127.0.0.1:" + std::to_string(take_port(l)));
    } else {
        replace_word(l, 2, abstract_socket("stats"));
    }
}

void haproxy_rewriter::log(const haproxy_section&, const haproxy_line& l) {
    if (l.words.size() < 2 || l.words[1] == "global" || l.words[1] == "stderr" || l.words[1] == "stdout") return;
    // Syslog sockets and servers are the machine's; the proxy's stderr is
    // the run's console.log.
    replace_word(l, 1, "stderr");
}

void haproxy_rewriter::state_file(const haproxy_section& s, const haproxy_line& l) {
    if (l.words.size() < 2) return;
    replace_word(l, 1, run_file(l.words[0] == "server-state-base" ? "state" : "server-state").string());
}

void haproxy_rewriter::dh_parameters(const haproxy_section&, const haproxy_line& l) {
    if (l.words.size() >= 2) replace_word(l, 1, tls_.dh_parameters().string());
}

void haproxy_rewriter::unix_bind(const haproxy_section&, const haproxy_line& l) {
    // The config's UNIX sockets are abstract ones now; their owner need not
    // (and cannot, unprivileged) change.
    for (std::size_t i = 1; i + 1 < l.words.size(); i += 2) {
        const auto& key = l.words[i];
        if (key == "user" || key == "group" || key == "uid" || key == "gid")
            remove_words(l, i, 2, "(removed: the sandbox runs unprivileged)");
    }
}

sandbox_result sandbox_haproxy(const std::filesystem::path& config, const haproxy_sandbox_options& options) {
    std::filesystem::remove_all(options.run_dir / "sandbox");
    return haproxy_rewriter(read_haproxy_config(config), options).run();
}

}  // namespace wsgate::sandbox
