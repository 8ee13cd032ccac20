// The rewriter's walk, the sandbox's global options, its edits, and the
// rules for certificates, logs and imports.
#include "sandbox/caddy_rewriter.hpp"

#include <fstream>

namespace wsgate::sandbox {

namespace {

// Global options the sandbox sets itself: the user's own are left out of
// the header (email and the ACME settings too: no certificate is fetched).
const std::set<std::string> replaced_global_options = {
    "admin",      "http_port", "https_port", "default_bind", "storage",  "pki",        "local_certs",
    "skip_install_trust", "email", "acme_ca", "acme_ca_root", "acme_eab", "acme_dns", "cert_issuer", "on_demand_tls"};

// tls subdirectives that name an issuer or the machine's files.
const std::set<std::string> tls_issuer_options = {"issuer", "dns", "ca", "ca_root", "on_demand", "eab",
                                                   "get_certificate", "resolvers", "propagation_timeout"};

}  // namespace

const std::map<std::string, caddy_rewriter::rule>& caddy_rewriter::rules() {
    static const std::map<std::string, rule> table = {
        {"tls", &caddy_rewriter::tls},
        {"log", &caddy_rewriter::log},
        {"import", &caddy_rewriter::import},
        {"bind", &caddy_rewriter::bind},
        {"reverse_proxy", &caddy_rewriter::reverse_proxy},
    };
    return table;
}

caddy_rewriter::caddy_rewriter(caddyfile config, const caddy_sandbox_options& options)
    : config_(std::move(config)), options_(options) {
    for (const auto& s : config_.snippets) snippets_.insert(s.name);
}

sandbox_result caddy_rewriter::run() {
    http_port_ = take_port(1);
    https_port_ = take_port(1);
    ports_[caddy_http_port] = http_port_;
    ports_[caddy_https_port] = https_port_;
    for (const auto& s : config_.snippets) walk(s.directives, s.name);
    for (const auto& s : config_.sites) site(s);
    const auto header = global_options();
    if (!problems_.empty()) {
        std::string text = "the config cannot run in the sandbox:";
        for (const auto& p : problems_) text += "\n  " + p;
        throw sandbox_error(text);
    }
    const auto copy = options_.run_dir / "sandbox" / "main" / config_.file.relative_path();
    std::filesystem::create_directories(copy.parent_path());
    std::ofstream(copy, std::ios::binary) << apply_edits(config_.text, edits_);
    const auto main = options_.run_dir / "sandbox" / "Caddyfile";
    std::ofstream(main, std::ios::binary) << header << "import " << caddy_word(copy.string()) << "\n";
    result_.copies.emplace_back(copy, config_.file);
    result_.main_file = main;
    result_.language = config_language::caddy;
    return std::move(result_);
}

void caddy_rewriter::walk(const std::vector<caddy_directive>& block, const std::string& owner) {
    for (const auto& d : block) {
        if (auto r = rules().find(d.name()); r != rules().end()) (this->*r->second)(d, owner);
        else if (d.has_block) walk(d.block, owner);
    }
}

// The sandbox's global options, then the user's others as written. The
// user's block is left out of the copy (its lines blank), since Caddy
// takes global options only from the first block of the main file.
std::string caddy_rewriter::global_options() {
    const auto pki = options_.pki_dir;
    std::string out = "{\n\tadmin off\n\tdefault_bind 127.0.0.1\n\thttp_port " + std::to_string(http_port_) +
                      "\n\thttps_port " + std::to_string(https_port_) + "\n\tstorage file_system " +
                      caddy_word((options_.run_dir / "data").string()) +
                      "\n\tlocal_certs\n\tskip_install_trust\n\tpki {\n\t\tca local {\n\t\t\troot {\n"
                      "\t\t\t\tformat pem_file\n\t\t\t\tcert " + caddy_word((pki / "ca.pem").string()) +
                      "\n\t\t\t\tkey " + caddy_word((pki / "ca.key").string()) + "\n\t\t\t}\n\t\t}\n\t}\n";
    for (const auto& d : config_.global) {
        const auto& name = d.name();
        if (replaced_global_options.count(name)) {
            result_.rewrites.push_back({where(d.line), name, name, "(the sandbox's own)"});
            continue;
        }
        if (name == "log") {
            out += "\tlog {\n\t\toutput stderr\n\t}\n";
            result_.rewrites.push_back({where(d.line), name, "log", "log { output stderr }"});
            continue;
        }
        out += "\t" + config_.text.substr(d.words.front().begin, d.end - d.words.front().begin) + "\n";
    }
    if (config_.has_global) edits_.push_back({config_.global_begin, config_.global_end, ""});
    return out + "}\n";
}

void caddy_rewriter::problem(int line, const std::string& what) { problems_.push_back(what + " in " + where(line).text()); }

std::uint16_t caddy_rewriter::take_port(int line) {
    if (ports_taken_ == options_.max_ports)
        problem(line, "more than " + std::to_string(options_.max_ports) +
                          " listeners and upstream addresses (the sandbox's port range) from here on");
    return static_cast<std::uint16_t>(options_.first_port + ports_taken_++);
}

void caddy_rewriter::replace(const caddy_token& t, const std::string& word, const std::string& directive) {
    edits_.push_back({t.begin, t.end, caddy_word(word)});
    result_.rewrites.push_back({where(t.line), directive, t.text, word});
}

void caddy_rewriter::replace_range(std::size_t begin, std::size_t end, const std::string& text,
                                   const std::string& directive, const std::string& before, int line) {
    edits_.push_back({begin, end, text});
    result_.rewrites.push_back({where(line), directive, before, text});
}

void caddy_rewriter::blank(const caddy_directive& d, const std::string& why) {
    edits_.push_back({d.words.front().begin, d.end, ""});
    std::string before;
    for (const auto& w : d.words) before += (before.empty() ? "" : " ") + w.text;
    result_.rewrites.push_back({where(d.line), d.name(), before, why});
}

void caddy_rewriter::tls(const caddy_directive& d, const std::string&) {
    // Certificates come from Caddy's internal CA, which the test CA signs:
    // an email (ACME), a certificate pair or an issuer becomes "internal".
    if (d.words.size() > 1 && !(d.words.size() == 2 && d.words[1].text == "internal"))
        replace_range(d.words[1].begin, d.words.back().end, "internal", "tls", d.words[1].text, d.line);
    for (const auto& sub : d.block) {
        if (tls_issuer_options.count(sub.name())) blank(sub, "(removed: the test CA issues the certificate)");
        if (sub.name() == "client_auth")
            for (const auto& c : sub.block)
                if (c.name() == "trusted_ca_cert_file" && c.words.size() >= 2)
                    replace(c.words[1], (options_.pki_dir / "ca.pem").string(), "trusted_ca_cert_file");
    }
}

void caddy_rewriter::log(const caddy_directive& d, const std::string&) {
    for (const auto& sub : d.block)
        if (sub.name() == "output" && sub.words.size() >= 2 && sub.words[1].text != "stderr" &&
            sub.words[1].text != "stdout")
            replace_range(sub.words.front().begin, sub.end, "output stderr", "log", sub.words[1].text, sub.line);
}

void caddy_rewriter::import(const caddy_directive& d, const std::string&) {
    if (d.words.size() >= 2 && !snippets_.count(d.words[1].text))
        problem(d.line, "import of a file (" + d.words[1].text +
                            ") is not sandboxed yet: inline it, or make it a snippet of this file");
}

sandbox_result sandbox_caddy(const std::filesystem::path& config, const caddy_sandbox_options& options) {
    std::filesystem::remove_all(options.run_dir / "sandbox");
    return caddy_rewriter(read_caddyfile(config), options).run();
}

}  // namespace wsgate::sandbox
