// An HAProxy configuration read the way HAProxy 2.6 reads it (one statement
// per line, words split on blanks, '#' comments, "double" and 'single'
// quotes, backslash escapes), kept as sections of lines whose words still
// know where they lie in the file, so the sandbox can change single words
// and leave every other byte alone.
#pragma once

#include "sandbox/sandbox.hpp"

#include <cstddef>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace wsgate::sandbox {

struct haproxy_line {
    std::vector<std::string> words;  // unquoted, unescaped
    std::vector<std::pair<std::size_t, std::size_t>> spans;  // each word's bytes in the text, quotes included
    int line = 0;
};

// "global", "defaults", "frontend", "backend", "listen", "resolvers", ...:
// the line that opens it and the lines up to the next section.
struct haproxy_section {
    std::string kind;
    std::string name;  // empty for global and an unnamed defaults
    haproxy_line head;
    std::vector<haproxy_line> lines;
};

struct haproxy_config {
    std::filesystem::path file;  // absolute
    std::string text;
    std::vector<haproxy_section> sections;
};

// Limits on what the reader accepts from a file it did not write.
inline constexpr std::size_t max_haproxy_config_bytes = 16 << 20;
inline constexpr std::size_t max_haproxy_words_per_line = 256;  // HAProxy's MAX_LINE_ARGS is 64

// Every problem at once in one sandbox_error (FILE:LINE each): a statement
// before any section, an unterminated quote, an unknown escape.
haproxy_config parse_haproxy_config(const std::filesystem::path& file, const std::string& text);

// Reads file and parses it; throws sandbox_error when it cannot be read.
haproxy_config read_haproxy_config(const std::filesystem::path& file);

// The word as HAProxy's reader reads it back: double-quoted (with '"', '\'
// and '$' escaped) when it holds a blank, '#', a quote, '\' or '$'.
std::string haproxy_word(const std::string& word);

}  // namespace wsgate::sandbox
