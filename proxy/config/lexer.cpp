#include "lexer.hpp"

#include "error.hpp"

namespace wsgate::proxy::config {

namespace {

bool is_blank(char ch) { return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n'; }

// A word between start and end with nginx's escapes resolved: \" \' \\ lose
// the backslash, \t \r \n become control characters, others stay as written.
std::string unescape(const std::string& text, std::size_t start, std::size_t end) {
    std::string word;
    word.reserve(end - start);
    for (std::size_t i = start; i < end;) {
        if (text[i] == '\\' && i + 1 < text.size()) {
            switch (text[i + 1]) {
                case '"':
                case '\'':
                case '\\':
                    ++i;
                    break;
                case 't':
                    word += '\t';
                    i += 2;
                    continue;
                case 'r':
                    word += '\r';
                    i += 2;
                    continue;
                case 'n':
                    word += '\n';
                    i += 2;
                    continue;
                default:
                    break;
            }
        }
        word += text[i++];
    }
    return word;
}

}  // namespace

lexer::lexer(std::string file, std::string text) : file_(std::move(file)), text_(std::move(text)) {}

void lexer::fail(const std::string& message) const { throw config_error(message, where()); }

lexer::token lexer::next(std::vector<std::string>& words, std::vector<word_span>* spans) {
    words.clear();
    if (spans) spans->clear();
    bool need_space = false;
    bool last_space = true;
    bool sharp_comment = false;
    bool variable = false;
    bool quoted = false;
    bool s_quoted = false;
    bool d_quoted = false;
    std::size_t start = pos_;
    std::size_t raw_start = pos_;

    // The state machine is nginx's, step for step, so that every accepted and
    // refused input (and the line an error names) matches "nginx -t".
    for (;;) {
        if (pos_ >= text_.size()) {
            if (!words.empty() || !last_space) fail("unexpected end of file, expecting \";\" or \"}\"");
            return token::end_of_file;
        }

        const char ch = text_[pos_++];

        if (ch == '\n') {
            ++line_;
            sharp_comment = false;
        }
        if (sharp_comment) continue;
        if (quoted) {
            quoted = false;
            continue;
        }

        if (need_space) {
            if (is_blank(ch)) {
                last_space = true;
                need_space = false;
                continue;
            }
            if (ch == ';') return token::statement;
            if (ch == '{') return token::block_start;
            if (ch != ')') fail(std::string("unexpected \"") + ch + "\"");
            last_space = true;
            need_space = false;
        }

        if (last_space) {
            start = pos_ - 1;
            raw_start = start;
            if (is_blank(ch)) continue;

            switch (ch) {
                case ';':
                case '{':
                    if (words.empty()) fail(std::string("unexpected \"") + ch + "\"");
                    return ch == '{' ? token::block_start : token::statement;
                case '}':
                    if (!words.empty()) fail("unexpected \"}\"");
                    return token::block_end;
                case '#':
                    sharp_comment = true;
                    continue;
                case '\\':
                    quoted = true;
                    last_space = false;
                    continue;
                case '"':
                    ++start;
                    d_quoted = true;
                    last_space = false;
                    continue;
                case '\'':
                    ++start;
                    s_quoted = true;
                    last_space = false;
                    continue;
                case '$':
                    variable = true;
                    last_space = false;
                    continue;
                default:
                    last_space = false;
            }
            continue;
        }

        // Inside a word: "${" does not end it, a quote closes a quoted word,
        // a blank, ';' or '{' closes a plain one.
        if (ch == '{' && variable) continue;
        variable = false;
        if (ch == '\\') {
            quoted = true;
            continue;
        }
        if (ch == '$') {
            variable = true;
            continue;
        }

        bool found = false;
        if (d_quoted) {
            if (ch == '"') {
                d_quoted = false;
                need_space = true;
                found = true;
            }
        } else if (s_quoted) {
            if (ch == '\'') {
                s_quoted = false;
                need_space = true;
                found = true;
            }
        } else if (is_blank(ch) || ch == ';' || ch == '{') {
            last_space = true;
            found = true;
        }

        if (found) {
            words.push_back(unescape(text_, start, pos_ - 1));
            // A quoted word ends after its closing quote, a plain one before its terminator.
            if (spans) spans->push_back({raw_start, need_space ? pos_ : pos_ - 1});
            if (ch == ';') return token::statement;
            if (ch == '{') return token::block_start;
        }
    }
}

}  // namespace wsgate::proxy::config
