// The rewrite of one nginx config tree: a table from directive name to the
// rule that changes it (nginx_address_rules.cpp: sockets and upstreams;
// nginx_file_rules.cpp: paths, certificates, daemon, includes), and the
// edits each copy collects.
#pragma once

#include "sandbox/config_tree.hpp"
#include "sandbox/nginx_sandbox.hpp"
#include "sandbox/text_edits.hpp"
#include "sandbox/tls_files.hpp"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace wsgate::sandbox {

// Where a directive stands: the blocks around it, innermost last.
struct block_context {
    std::vector<const directive*> blocks;

    const directive* innermost(const std::string& name) const;
    bool directly_in(const std::string& name) const { return !blocks.empty() && blocks.back()->name() == name; }
};

class nginx_rewriter {
public:
    nginx_rewriter(config_tree tree, const nginx_sandbox_options& options);

    sandbox_result run();

private:
    using rule = void (nginx_rewriter::*)(const directive&, const block_context&);
    static const std::map<std::string, rule>& rules();
    static const std::map<std::string, rule>& address_rules();

    void walk(const std::vector<directive>& block, block_context& context);
    void collect_upstream_names(const std::vector<directive>& block);
    void add_missing_defaults();

    // Address rules (nginx_address_rules.cpp).
    void listen(const directive& d, const block_context& c);
    void server(const directive& d, const block_context& c);
    void pass(const directive& d, const block_context& c);
    void resolver(const directive& d, const block_context& c);
    void certificate(const directive& d, const block_context& c);
    void ca_file(const directive& d, const block_context& c);
    std::uint16_t backend_port(const std::string& address, const std::string& id, const directive& d);
    std::uint16_t take_port(const directive& d);
    // The loopback listener of that socket, the first listen d naming it.
    listener& listener_for(const std::string& socket, const directive& d);

    // File rules (nginx_file_rules.cpp).
    void include(const directive& d, const block_context& c);
    void load_module(const directive& d, const block_context& c);
    void pid(const directive& d, const block_context& c);
    void error_log(const directive& d, const block_context& c);
    void access_log(const directive& d, const block_context& c);
    void temp_path(const directive& d, const block_context& c);
    void cache_path(const directive& d, const block_context& c);
    void run_file(const directive& d, const block_context& c);
    void drop(const directive& d, const block_context& c);
    void daemon(const directive& d, const block_context& c);
    void optional_file(const directive& d, const block_context& c);
    void conf_relative(const directive& d, const block_context& c);

    // Replaces word index of d (recorded as a rewrite with why).
    void replace_word(const directive& d, std::size_t index, const std::string& word);
    // Blanks the whole directive, keeping its lines.
    void blank(const directive& d);
    void insert_after(const directive& block, const std::string& text);
    origin where(const directive& d) const;
    void problem(const directive& d, const std::string& what);

    config_tree tree_;
    nginx_sandbox_options options_;
    tls_files tls_;
    sandbox_result result_;
    std::map<std::size_t, std::vector<text_edit>> edits_;  // by copy
    std::map<std::string, std::size_t> listener_index_;    // listen_socket() -> result_.listeners
    std::map<std::string, std::size_t> backend_index_;     // address -> result_.backends
    std::set<std::string> upstream_names_;
    std::vector<std::string> problems_;
    std::size_t ports_taken_ = 0;
    std::size_t error_logs_ = 0;
};

}  // namespace wsgate::sandbox
