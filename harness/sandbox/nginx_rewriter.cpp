#include "sandbox/nginx_rewriter.hpp"

#include <fstream>

namespace wsgate::sandbox {

const directive* block_context::innermost(const std::string& name) const {
    for (auto it = blocks.rbegin(); it != blocks.rend(); ++it)
        if ((*it)->name() == name) return *it;
    return nullptr;
}

nginx_rewriter::nginx_rewriter(config_tree tree, const nginx_sandbox_options& options)
    : tree_(std::move(tree)), options_(options), tls_(options.run_dir / "sandbox" / "tls", options.pki_dir) {}

const std::map<std::string, nginx_rewriter::rule>& nginx_rewriter::rules() {
    static const std::map<std::string, rule> table = {
        {"include", &nginx_rewriter::include},
        {"load_module", &nginx_rewriter::load_module},
        {"pid", &nginx_rewriter::pid},
        {"lock_file", &nginx_rewriter::run_file},
        {"working_directory", &nginx_rewriter::run_file},
        {"error_log", &nginx_rewriter::error_log},
        {"access_log", &nginx_rewriter::access_log},
        {"client_body_temp_path", &nginx_rewriter::temp_path},
        {"proxy_temp_path", &nginx_rewriter::temp_path},
        {"fastcgi_temp_path", &nginx_rewriter::temp_path},
        {"uwsgi_temp_path", &nginx_rewriter::temp_path},
        {"scgi_temp_path", &nginx_rewriter::temp_path},
        {"proxy_cache_path", &nginx_rewriter::cache_path},
        {"fastcgi_cache_path", &nginx_rewriter::cache_path},
        {"uwsgi_cache_path", &nginx_rewriter::cache_path},
        {"scgi_cache_path", &nginx_rewriter::cache_path},
        {"user", &nginx_rewriter::drop},
        {"daemon", &nginx_rewriter::daemon},
        {"ssl_dhparam", &nginx_rewriter::optional_file},
        {"ssl_session_ticket_key", &nginx_rewriter::optional_file},
        {"ssl_crl", &nginx_rewriter::optional_file},
        {"ssl_stapling_file", &nginx_rewriter::optional_file},
        {"ssl_password_file", &nginx_rewriter::optional_file},
        {"auth_basic_user_file", &nginx_rewriter::conf_relative},
    };
    return table;
}

const std::map<std::string, nginx_rewriter::rule>& nginx_rewriter::address_rules() {
    static const std::map<std::string, rule> table = {
        {"listen", &nginx_rewriter::listen},
        {"server", &nginx_rewriter::server},
        {"proxy_pass", &nginx_rewriter::pass},
        {"grpc_pass", &nginx_rewriter::pass},
        {"fastcgi_pass", &nginx_rewriter::pass},
        {"uwsgi_pass", &nginx_rewriter::pass},
        {"scgi_pass", &nginx_rewriter::pass},
        {"memcached_pass", &nginx_rewriter::pass},
        {"resolver", &nginx_rewriter::resolver},
        {"ssl_certificate", &nginx_rewriter::certificate},
        {"ssl_certificate_key", &nginx_rewriter::certificate},
        {"ssl_trusted_certificate", &nginx_rewriter::ca_file},
        {"ssl_client_certificate", &nginx_rewriter::ca_file},
    };
    return table;
}

sandbox_result nginx_rewriter::run() {
    collect_upstream_names(tree_.top);
    block_context context;
    walk(tree_.top, context);
    add_missing_defaults();
    if (!problems_.empty()) {
        std::string text = "the config cannot run in the sandbox:";
        for (const auto& p : problems_) text += "\n  " + p;
        throw sandbox_error(text);
    }
    for (std::size_t i = 0; i < tree_.copies.size(); ++i) {
        const auto& copy = tree_.copies[i];
        std::filesystem::create_directories(copy.copy.parent_path());
        std::ofstream(copy.copy, std::ios::binary) << apply_edits(copy.text, edits_[i]);
        result_.copies.emplace_back(copy.copy, copy.original);
    }
    result_.main_file = tree_.copies.front().copy;
    return std::move(result_);
}

void nginx_rewriter::walk(const std::vector<directive>& block, block_context& context) {
    for (const auto& d : block) {
        const auto& table = rules();
        if (auto rule = table.find(d.name()); rule != table.end()) (this->*rule->second)(d, context);
        if (options_.move_addresses) {
            const auto& moves = address_rules();
            if (auto rule = moves.find(d.name()); rule != moves.end()) (this->*rule->second)(d, context);
        } else if (address_rules().find(d.name()) != address_rules().end() && d.name().starts_with("ssl_")) {
            // A template keeps its certificates; its copy lives elsewhere, so relative ones become absolute.
            conf_relative(d, context);
        }
        if (d.block) {
            context.blocks.push_back(&d);
            walk(d.children, context);
            context.blocks.pop_back();
        } else if (d.name() == "include") {
            walk(d.children, context);
        }
    }
}

void nginx_rewriter::collect_upstream_names(const std::vector<directive>& block) {
    for_each_in_block(block, [this](const directive& d) {
        if (d.block && d.name() == "upstream" && d.args.size() >= 2) upstream_names_.insert(d.args[1]);
        if (d.block && d.name() != "upstream") collect_upstream_names(d.children);
    });
}

origin nginx_rewriter::where(const directive& d) const { return {tree_.copies[d.copy].original, d.line}; }

void nginx_rewriter::problem(const directive& d, const std::string& what) {
    problems_.push_back(what + " in " + where(d).text());
}

void nginx_rewriter::replace_word(const directive& d, std::size_t index, const std::string& word) {
    const auto& span = d.spans[index];
    edits_[d.copy].push_back({span.begin, span.end, config_word(word)});
    result_.rewrites.push_back({where(d), d.name(), d.args[index], word});
}

void nginx_rewriter::blank(const directive& d) {
    edits_[d.copy].push_back({d.spans.front().begin, d.end, ""});
    std::string before;
    for (const auto& a : d.args) before += (before.empty() ? "" : " ") + a;
    result_.rewrites.push_back({where(d), d.name(), before, "(removed)"});
}

void nginx_rewriter::insert_after(const directive& block, const std::string& text) {
    edits_[block.copy].push_back({block.end, block.end, " " + text});
    result_.rewrites.push_back({where(block), block.name(), "(absent)", text});
}

}  // namespace wsgate::sandbox
