// Reads statements from configuration files the way ngx_conf_parse does:
// blocks recursively, "include" expanded in place (globs sorted, relative
// paths against the main file's folder), and nginx's messages for braces
// that do not match. Unlike nginx, an include cycle or nesting beyond
// max_include_depth is an error, not a stack overflow.
#pragma once

#include "lexer.hpp"
#include "model.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace wsgate::proxy::config {

struct statement {
    std::vector<std::string> args;  // args[0] is the directive name
    source_location where;          // the line of its ';' or '{', as nginx reports it
    bool opens_block = false;       // ended with '{'

    const std::string& name() const { return args[0]; }
};

// Far deeper than any real configuration nests its includes, and far short of
// what the recursion could take.
inline constexpr std::size_t max_include_depth = 64;

class reader {
public:
    using handler = std::function<void(const statement&)>;

    // conf_prefix: the folder relative include paths resolve against.
    explicit reader(std::string conf_prefix);

    // Reads the main file to its end; every statement goes to on_statement.
    void read_file(const std::string& path, const handler& on_statement);

    // Reads the block the current statement opened, up to its '}'.
    void read_block(const handler& on_statement);

    // Reads a block of plain entries ("map" and "types"): a '{' inside is an
    // error, "include FILE;" is expanded, every other line is an entry.
    void read_entries(const handler& on_entry);

    // Where the tokenizer is now (after a block: the line of its '}').
    source_location where() const;

private:
    enum class until { end_of_file, block_end };

    void read(until end, const handler& on_statement, bool entries);
    void include(const statement& st, const handler& on_statement, bool entries);
    void read_included(const std::string& path, const statement& st, const handler& on_statement, bool entries);
    // Opens a file onto the stack of files being read; included_by is the
    // include statement, null for the main file.
    void push_file(const std::string& path, const statement* included_by);
    // "a.conf:3 includes b.conf:7 includes "next"", for cycle and depth errors.
    std::string include_chain(const std::string& next) const;

    struct open_file {
        std::string identity;  // the canonical path, to recognise a file included again
        std::unique_ptr<lexer> text;
    };

    std::string conf_prefix_;
    std::vector<open_file> files_;
};

// nginx's ngx_conf_full_name(): absolute paths stay, others get prefix
// (a folder, with or without the trailing '/').
std::string full_name(const std::string& prefix, const std::string& path);

}  // namespace wsgate::proxy::config
