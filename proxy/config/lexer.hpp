// nginx's configuration tokenizer (ngx_conf_read_token, nginx 1.22): words
// split on blanks, ';' '{' '}' as separators, '#' comments, single and double
// quotes with backslash escapes, and "${name}" kept inside a word.
#pragma once

#include "model.hpp"

#include <string>
#include <vector>

namespace wsgate::proxy::config {

class lexer {
public:
    enum class token {
        statement,    // words terminated by ';'
        block_start,  // words terminated by '{'
        block_end,    // '}'
        end_of_file,
    };

    // Where a word lies in the text, quotes included: what a rewrite of the
    // file replaces to change that word alone.
    struct word_span {
        std::size_t begin = 0;
        std::size_t end = 0;
    };

    lexer(std::string file, std::string text);

    // Reads the next statement's words into words (the directive name first),
    // and, when spans is given, where each word lies. Throws config_error
    // with nginx's message for malformed input.
    token next(std::vector<std::string>& words, std::vector<word_span>* spans = nullptr);

    // The offset just past the last token read (its ';', '{' or '}').
    std::size_t offset() const { return pos_; }

    // The current position, as nginx reports it: the line the tokenizer is on.
    source_location where() const { return {file_, line_}; }
    const std::string& file() const { return file_; }

private:
    [[noreturn]] void fail(const std::string& message) const;

    std::string file_;
    std::string text_;
    std::size_t pos_ = 0;
    int line_ = 1;
};

}  // namespace wsgate::proxy::config
