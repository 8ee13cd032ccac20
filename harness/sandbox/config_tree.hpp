// An nginx configuration read the way nginx reads it (the proxy's own
// tokenizer, includes expanded where they stand, globs sorted), kept as a
// tree of directives that still know where each word lies in its file, so
// the sandbox can change single words and leave every other byte alone.
#pragma once

#include "config/lexer.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace wsgate::sandbox {

// One file as one include read it. A file included from two places is two
// copies: each may need different rewrites (a snippet with ssl_certificate
// in two servers with different names).
struct file_copy {
    std::filesystem::path original;  // absolute
    std::filesystem::path copy;      // where the rewritten text goes
    std::string text;
};

struct directive {
    std::vector<std::string> args;  // args[0] is the name
    std::vector<proxy::config::lexer::word_span> spans;
    std::size_t copy = 0;  // index into config_tree::copies
    std::size_t end = 0;   // just past its ';' or '{'
    int line = 0;          // of its ';' or '{', as nginx reports it
    bool block = false;
    // A block's directives; for an include, the directives of the files it
    // read, in nginx's order (they belong to the include's context).
    std::vector<directive> children;
    // An include whose files were copied: the pattern that reads the copies.
    std::string copied_pattern;

    const std::string& name() const { return args[0]; }
};

struct config_tree {
    std::filesystem::path conf_dir;  // where relative paths resolve
    std::vector<file_copy> copies;   // copies[0] is the main file
    std::vector<directive> top;
};

// Reads main and everything it includes. Copies go under root: the main file
// at root/main/ABSOLUTE_PATH, the files of the N-th include at
// root/include-N/ABSOLUTE_PATH, so a glob over the copies matches what it
// matched over the originals. An include nginx could not open is kept as
// written for nginx to report. Relative includes resolve against conf_dir
// (empty: main's folder, as nginx resolves them). Throws sandbox_error for a
// syntax error, an include cycle or nesting deeper than nginx's reader allows.
config_tree read_config_tree(const std::filesystem::path& main, const std::filesystem::path& root,
                             const std::filesystem::path& conf_dir = {});

// The directives of a block, with includes flattened into their place.
template <typename Visit>
void for_each_in_block(const std::vector<directive>& block, const Visit& visit) {
    for (const auto& d : block) {
        visit(d);
        if (d.name() == "include" && !d.block) for_each_in_block(d.children, visit);
    }
}

}  // namespace wsgate::sandbox
