// The rewrite of one haproxy.cfg: a table from keyword to the rule that
// changes it (haproxy_address_rules.cpp: binds, servers, resolvers, peers;
// haproxy_rewriter.cpp: daemon, users, pid, sockets, logs, state files),
// and the edits the copy collects.
#pragma once

#include "sandbox/haproxy_config.hpp"
#include "sandbox/haproxy_sandbox.hpp"
#include "sandbox/text_edits.hpp"
#include "sandbox/tls_files.hpp"

#include <map>
#include <string>
#include <vector>

namespace wsgate::sandbox {

class haproxy_rewriter {
public:
    haproxy_rewriter(haproxy_config config, const haproxy_sandbox_options& options);

    sandbox_result run();

private:
    using rule = void (haproxy_rewriter::*)(const haproxy_section&, const haproxy_line&);
    static const std::map<std::string, rule>& rules();

    // Process rules (haproxy_rewriter.cpp).
    void drop(const haproxy_section& s, const haproxy_line& l);
    void pidfile(const haproxy_section& s, const haproxy_line& l);
    void stats(const haproxy_section& s, const haproxy_line& l);
    void log(const haproxy_section& s, const haproxy_line& l);
    void state_file(const haproxy_section& s, const haproxy_line& l);
    void dh_parameters(const haproxy_section& s, const haproxy_line& l);
    void unix_bind(const haproxy_section& s, const haproxy_line& l);

    // Address rules (haproxy_address_rules.cpp).
    void bind(const haproxy_section& s, const haproxy_line& l);
    void server(const haproxy_section& s, const haproxy_line& l);
    void default_server(const haproxy_section& s, const haproxy_line& l);
    void server_template(const haproxy_section& s, const haproxy_line& l);
    void unreachable(const haproxy_section& s, const haproxy_line& l);
    void bind_certificates(const haproxy_section& s, const haproxy_line& l);
    // Removes what makes a server connection TLS: the mock backends speak plain ws.
    void strip_server_tls(const haproxy_line& l, std::size_t from);
    std::uint16_t take_port(const haproxy_line& l);

    void replace_word(const haproxy_line& l, std::size_t index, const std::string& word);
    // Removes words [from, from + count) of the line.
    void remove_words(const haproxy_line& l, std::size_t from, std::size_t count, const std::string& why);
    void blank(const haproxy_line& l);
    origin where(const haproxy_line& l) const { return {config_.file, l.line}; }
    void problem(const haproxy_line& l, const std::string& what);
    std::filesystem::path run_file(const std::string& name) const { return options_.run_dir / name; }
    // A UNIX socket of the config as an abstract one ("abns@wsgate-8080-stats-1"):
    // a path in the run folder can pass the 97 bytes HAProxy allows, and an
    // abstract socket leaves no file behind. The first port keeps the names
    // of runs side by side apart.
    std::string abstract_socket(const std::string& kind) {
        return "abns@wsgate-" + std::to_string(options_.first_port) + "-" + kind + "-" + std::to_string(++sockets_);
    }

    haproxy_config config_;
    haproxy_sandbox_options options_;
    tls_files tls_;
    sandbox_result result_;
    std::vector<text_edit> edits_;
    std::map<std::string, std::size_t> listener_index_;  // bind_socket() -> result_.listeners
    std::map<std::string, std::size_t> backend_index_;   // backend id -> result_.backends
    std::vector<std::string> problems_;
    std::size_t ports_taken_ = 0;
    std::size_t sockets_ = 0;
};

}  // namespace wsgate::sandbox
