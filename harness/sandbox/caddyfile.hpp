// A Caddyfile read the way Caddy 2.6 reads it (tokens split on blanks,
// "double" and `backtick` quotes, '#' comments, '{' and '}' that open and
// close blocks at the ends of lines), kept as the global options block,
// snippets and site blocks of directives whose tokens still know where they
// lie in the file, so the sandbox can change single tokens and leave every
// other byte alone.
#pragma once

#include "sandbox/sandbox.hpp"

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace wsgate::sandbox {

struct caddy_token {
    std::string text;       // unquoted
    std::size_t begin = 0;  // its bytes in the file, quotes included
    std::size_t end = 0;
    int line = 0;
};

// One line's tokens and, when it ends in '{', the block up to its '}'.
struct caddy_directive {
    std::vector<caddy_token> words;
    std::vector<caddy_directive> block;
    bool has_block = false;
    std::size_t end = 0;  // past its last token, or its block's '}'
    int line = 0;

    const std::string& name() const { return words.front().text; }
};

struct caddy_site {
    std::vector<caddy_token> addresses;  // "chat.example.org", ":8080", "http://x" (trailing commas dropped)
    std::vector<caddy_directive> directives;
    std::size_t begin = 0;  // the first address's first byte
    int line = 0;
};

struct caddy_snippet {
    std::string name;  // "(name)" without the parentheses
    std::vector<caddy_directive> directives;
};

struct caddyfile {
    std::filesystem::path file;  // absolute
    std::string text;
    bool has_global = false;
    std::vector<caddy_directive> global;  // the global options block's directives
    std::size_t global_begin = 0, global_end = 0;  // its bytes, braces included
    std::vector<caddy_snippet> snippets;
    std::vector<caddy_site> sites;
};

// Limits on what the reader accepts from a file it did not write.
inline constexpr std::size_t max_caddyfile_bytes = 16 << 20;
inline constexpr std::size_t max_caddy_nesting = 64;

// Every problem at once in one sandbox_error (FILE:LINE each): an
// unterminated quote, an unbalanced brace, a block nested deeper than the
// reader allows.
caddyfile parse_caddyfile(const std::filesystem::path& file, const std::string& text);

// Reads file and parses it; throws sandbox_error when it cannot be read.
caddyfile read_caddyfile(const std::filesystem::path& file);

// The token as Caddy's reader reads it back: double-quoted (with '"' and
// '\' escaped) when it holds a blank, a quote, '#', a brace alone or a
// backslash.
std::string caddy_word(const std::string& word);

}  // namespace wsgate::sandbox
