#include "reader.hpp"

#include "error.hpp"

#include <glob.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace wsgate::proxy::config {

namespace {

// The "(2: No such file or directory)" part of nginx's messages.
std::string errno_text(int err) { return " (" + std::to_string(err) + ": " + std::strerror(err) + ")"; }

std::string at_line(const source_location& where) { return where.file + ":" + std::to_string(where.line); }

}  // namespace

std::string full_name(const std::string& prefix, const std::string& path) {
    if (!path.empty() && path[0] == '/') return path;
    if (prefix.empty()) return path;
    return prefix.back() == '/' ? prefix + path : prefix + "/" + path;
}

reader::reader(std::string conf_prefix) : conf_prefix_(std::move(conf_prefix)) {}

source_location reader::where() const { return files_.back().text->where(); }

void reader::read_file(const std::string& path, const handler& on_statement) {
    push_file(path, nullptr);
    read(until::end_of_file, on_statement, false);
    files_.pop_back();
}

void reader::read_block(const handler& on_statement) { read(until::block_end, on_statement, false); }

void reader::read_entries(const handler& on_entry) { read(until::block_end, on_entry, true); }

void reader::read(until end, const handler& on_statement, bool entries) {
    for (;;) {
        statement st;
        const auto token = files_.back().text->next(st.args);
        st.where = files_.back().text->where();

        if (token == lexer::token::block_end) {
            if (end != until::block_end) throw config_error("unexpected \"}\"", st.where);
            return;
        }
        if (token == lexer::token::end_of_file) {
            if (end == until::block_end) throw config_error("unexpected end of file, expecting \"}\"", st.where);
            return;
        }
        st.opens_block = token == lexer::token::block_start;

        if (entries) {
            if (st.opens_block) throw config_error("unexpected \"{\"", st.where);
            if (st.args.size() == 2 && st.name() == "include") {
                include(st, on_statement, true);
                continue;
            }
            on_statement(st);
            continue;
        }

        if (st.name() == "include") {
            // "include" is valid in every context (NGX_ANY_CONF|NGX_CONF_TAKE1).
            if (st.opens_block) throw config_error("directive \"include\" is not terminated by \";\"", st.where);
            if (st.args.size() != 2)
                throw config_error("invalid number of arguments in \"include\" directive", st.where);
            include(st, on_statement, false);
            continue;
        }
        on_statement(st);
    }
}

void reader::include(const statement& st, const handler& on_statement, bool entries) {
    const std::string pattern = full_name(conf_prefix_, st.args[1]);
    if (pattern.find_first_of("*?[") == std::string::npos) {
        read_included(pattern, st, on_statement, entries);
        return;
    }

    // nginx globs with glob(3) and accepts a pattern that matches nothing.
    glob_t matches{};
    const int rc = ::glob(pattern.c_str(), 0, nullptr, &matches);
    if (rc != 0 && rc != GLOB_NOMATCH) {
        const int err = errno;
        ::globfree(&matches);
        throw config_error("glob() \"" + pattern + "\" failed" + errno_text(err), st.where);
    }
    std::vector<std::string> paths(matches.gl_pathv, matches.gl_pathv + matches.gl_pathc);
    ::globfree(&matches);
    for (const auto& path : paths) read_included(path, st, on_statement, entries);
}

void reader::read_included(const std::string& path, const statement& st, const handler& on_statement, bool entries) {
    push_file(path, &st);
    // An included file is parsed as a file: a stray '}' in it is an error and
    // its end closes nothing.
    read(until::end_of_file, on_statement, entries);
    files_.pop_back();
}

void reader::push_file(const std::string& path, const statement* included_by) {
    // nginx names no place when the main file cannot be opened.
    const auto fail = [included_by](const std::string& message) {
        if (included_by) throw config_error(message, included_by->where);
        throw config_error(message);
    };
    // nginx 1.22 follows an include of a file already being read until its
    // stack overflows; the reference refuses it and names the chain instead.
    std::error_code ec;
    const auto identity = std::filesystem::weakly_canonical(path, ec).string();
    for (const auto& open : files_)
        if (open.identity == identity) fail("include cycle: " + include_chain(path));
    if (files_.size() >= max_include_depth)
        fail("includes nested deeper than " + std::to_string(max_include_depth) + " files: " + include_chain(path));
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        const int err = errno;
        fail("open() \"" + path + "\" failed" + errno_text(err));
    }
    std::ostringstream text;
    text << in.rdbuf();
    files_.push_back({identity, std::make_unique<lexer>(path, text.str())});
}

std::string reader::include_chain(const std::string& next) const {
    std::string chain;
    for (const auto& open : files_) chain += at_line(open.text->where()) + " includes ";
    return chain + "\"" + next + "\"";
}

}  // namespace wsgate::proxy::config
