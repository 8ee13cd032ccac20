// Rules that keep the proxy's files inside the run folder (pid, logs, temp
// and cache paths, lock file), keep it in the foreground as the user it is
// started as, and resolve the paths the copies would otherwise resolve from
// the wrong folder (includes, modules, files relative to the config).
#include "sandbox/nginx_rewriter.hpp"

#include "config/reader.hpp"

#include "wsgate/ascii.hpp"

#include <unistd.h>

#include <algorithm>

namespace wsgate::sandbox {

namespace {

namespace fs = std::filesystem;

bool readable(const fs::path& file) {
    std::error_code ec;
    return fs::is_regular_file(file, ec) && ::access(file.c_str(), R_OK) == 0;
}

// Log destinations that are not files: kept, except syslog, which would
// send to a server named in the config.
bool keeps_destination(const std::string& destination) {
    return destination == "stderr" || destination == "off" || destination.starts_with("memory:");
}

}  // namespace

void nginx_rewriter::include(const directive& d, const block_context&) {
    if (!d.copied_pattern.empty()) replace_word(d, 1, d.copied_pattern);
}

void nginx_rewriter::load_module(const directive& d, const block_context&) {
    if (d.args.size() == 2 && !d.args[1].starts_with("/"))
        replace_word(d, 1, proxy::config::full_name(options_.compiled_prefix.string(), d.args[1]));
}

void nginx_rewriter::pid(const directive& d, const block_context&) {
    if (d.args.size() == 2) replace_word(d, 1, (options_.run_dir / "nginx.pid").string());
}

void nginx_rewriter::run_file(const directive& d, const block_context&) {
    if (d.args.size() != 2) return;
    replace_word(d, 1, d.name() == "lock_file" ? (options_.run_dir / "nginx.lock").string() : options_.run_dir.string());
}

void nginx_rewriter::error_log(const directive& d, const block_context&) {
    if (d.args.size() >= 2 && !keeps_destination(d.args[1]))
        replace_word(d, 1, (options_.run_dir / "error.log").string());
}

void nginx_rewriter::access_log(const directive& d, const block_context&) {
    if (d.args.size() >= 2 && !keeps_destination(d.args[1]))
        replace_word(d, 1, (options_.run_dir / "access.log").string());
}

void nginx_rewriter::temp_path(const directive& d, const block_context&) {
    if (d.args.size() < 2) return;
    const auto kind = d.name().substr(0, d.name().size() - std::string_view("_temp_path").size());
    replace_word(d, 1, (options_.run_dir / "tmp" / kind).string());
}

void nginx_rewriter::cache_path(const directive& d, const block_context&) {
    if (d.args.size() >= 2) replace_word(d, 1, (options_.run_dir / "cache" / std::to_string(d.line)).string());
}

void nginx_rewriter::drop(const directive& d, const block_context&) { blank(d); }

void nginx_rewriter::daemon(const directive& d, const block_context&) {
    result_.sets_daemon = true;
    if (d.args.size() == 2 && !ascii::iequals(d.args[1], "off")) replace_word(d, 1, "off");
}

// A file a deployment has and a CI machine may not: kept when it is there,
// else replaced by a stand-in where one exists, else left out.
void nginx_rewriter::optional_file(const directive& d, const block_context&) {
    if (d.args.size() != 2) return;
    const auto file = fs::path(proxy::config::full_name(tree_.conf_dir.string(), d.args[1]));
    if (readable(file)) {
        if (file.string() != d.args[1]) replace_word(d, 1, file.string());
        return;
    }
    if (d.name() == "ssl_dhparam") return replace_word(d, 1, tls_.dh_parameters().string());
    if (d.name() == "ssl_session_ticket_key") return replace_word(d, 1, tls_.ticket_key().string());
    blank(d);
}

void nginx_rewriter::conf_relative(const directive& d, const block_context&) {
    if (d.args.size() == 2 && !d.args[1].starts_with("/") && d.args[1] != "off" && !d.args[1].starts_with("data:") &&
        d.args[1].find('$') == std::string::npos)
        replace_word(d, 1, proxy::config::full_name(tree_.conf_dir.string(), d.args[1]));
}

// Where nginx would write outside the run folder when the config says
// nothing: its compiled-in pid file, access log and temp folders.
void nginx_rewriter::add_missing_defaults() {
    bool has_pid = false;
    const directive* http = nullptr;
    for_each_in_block(tree_.top, [&](const directive& d) {
        has_pid = has_pid || d.name() == "pid";
        if (d.block && d.name() == "http" && !http) http = &d;
    });
    if (!has_pid) {
        edits_[0].push_back({0, 0, "pid " + (options_.run_dir / "nginx.pid").string() + "; "});
        result_.rewrites.push_back({{tree_.copies.front().original, 1}, "pid", "(absent)", (options_.run_dir / "nginx.pid").string()});
    }
    if (!http) return;
    std::vector<std::string> present;
    for_each_in_block(http->children, [&present](const directive& d) { present.push_back(d.name()); });
    const auto missing = [&present](const std::string& name) {
        return std::find(present.begin(), present.end(), name) == present.end();
    };
    for (const char* kind : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"}) {
        const std::string name = std::string(kind) + "_temp_path";
        if (missing(name)) insert_after(*http, name + " " + (options_.run_dir / "tmp" / kind).string() + ";");
    }
    if (missing("access_log")) insert_after(*http, "access_log " + (options_.run_dir / "access.log").string() + ";");
}

}  // namespace wsgate::sandbox
