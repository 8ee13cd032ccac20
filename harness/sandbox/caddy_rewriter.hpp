// The rewrite of one Caddyfile: the sandbox's global options (loopback,
// the run's ports and storage, no admin endpoint, certificates from Caddy's
// internal CA signed by the test CA, no ACME), and a table from directive
// to the rule that changes it in the copy (caddy_address_rules.cpp: site
// addresses, bind, reverse_proxy upstreams and their TLS; here: tls, log,
// import).
#pragma once

#include "sandbox/caddy_address.hpp"
#include "sandbox/caddy_sandbox.hpp"
#include "sandbox/caddyfile.hpp"
#include "sandbox/text_edits.hpp"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace wsgate::sandbox {

class caddy_rewriter {
public:
    caddy_rewriter(caddyfile config, const caddy_sandbox_options& options);

    sandbox_result run();

private:
    using rule = void (caddy_rewriter::*)(const caddy_directive&, const std::string& owner);
    static const std::map<std::string, rule>& rules();

    void walk(const std::vector<caddy_directive>& block, const std::string& owner);
    std::string global_options();

    // Here.
    void tls(const caddy_directive& d, const std::string& owner);
    void log(const caddy_directive& d, const std::string& owner);
    void import(const caddy_directive& d, const std::string& owner);

    // caddy_address_rules.cpp.
    void site(const caddy_site& s);
    void bind(const caddy_directive& d, const std::string& owner);
    void reverse_proxy(const caddy_directive& d, const std::string& owner);
    void upstream(const caddy_token& t, const std::string& owner, int line);
    void transport(const caddy_directive& d);
    std::uint16_t take_port(int line);
    std::uint16_t port_for(std::uint16_t written, int line);

    void replace(const caddy_token& t, const std::string& word, const std::string& directive);
    void replace_range(std::size_t begin, std::size_t end, const std::string& text, const std::string& directive,
                       const std::string& before, int line);
    void blank(const caddy_directive& d, const std::string& why);
    origin where(int line) const { return {config_.file, line}; }
    void problem(int line, const std::string& what);

    caddyfile config_;
    caddy_sandbox_options options_;
    sandbox_result result_;
    std::vector<text_edit> edits_;
    std::set<std::string> snippets_;
    std::map<std::uint16_t, std::uint16_t> ports_;        // the config's listen port -> loopback port
    std::map<std::string, std::size_t> backend_index_;   // id -> result_.backends
    std::vector<std::string> problems_;
    std::size_t ports_taken_ = 0;
    std::uint16_t http_port_ = 0, https_port_ = 0;
};

}  // namespace wsgate::sandbox
