#include "topology/nginx_foreground.hpp"

#include "config/error.hpp"
#include "config/lexer.hpp"

#include "wsgate/ascii.hpp"

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>
#include <vector>

namespace wsgate::topology {

namespace {

namespace cfg = proxy::config;

struct daemon_statement {
    bool on = true;
    int line = 0;
};

// The tokenizer finds the statement as nginx would (comments, quotes and
// blocks understood); a config it cannot read is left to nginx's own check.
std::optional<daemon_statement> find_daemon(const std::string& text) {
    try {
        cfg::lexer lex("config", text);
        std::vector<std::string> words;
        int depth = 0;
        for (auto t = lex.next(words); t != cfg::lexer::token::end_of_file; t = lex.next(words)) {
            if (t == cfg::lexer::token::block_start) ++depth;
            if (t == cfg::lexer::token::block_end) --depth;
            if (t == cfg::lexer::token::statement && depth == 0 && words.size() == 2 && words[0] == "daemon")
                return daemon_statement{ascii::iequals(words[1], "on"), lex.where().line};
        }
    } catch (const cfg::config_error&) {
    }
    return std::nullopt;
}

std::string read_all(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

bool keep_in_foreground(const std::filesystem::path& rendered) {
    auto text = read_all(rendered);
    const auto found = find_daemon(text);
    if (!found) return true;
    if (!found->on) return false;
    // The statement ends on its reported line: the last ';' of that line,
    // and the "daemon" word before it, bound the text that becomes
    // "daemon off". Newlines inside it are kept, so every line stays put.
    std::size_t line_start = 0;
    for (int line = 1; line < found->line; ++line) {
        const auto newline = text.find('\n', line_start);
        if (newline == std::string::npos) return true;
        line_start = newline + 1;
    }
    const auto semicolon = text.rfind(';', text.find('\n', line_start));
    const auto word = semicolon == std::string::npos ? std::string::npos : text.rfind("daemon", semicolon);
    if (semicolon == std::string::npos || word == std::string::npos || semicolon < line_start) return true;
    const auto newlines = std::count(text.begin() + static_cast<std::ptrdiff_t>(word),
                                     text.begin() + static_cast<std::ptrdiff_t>(semicolon), '\n');
    text.replace(word, semicolon - word, "daemon off" + std::string(static_cast<std::size_t>(newlines), '\n'));
    std::ofstream(rendered, std::ios::binary) << text;
    return false;
}

}  // namespace wsgate::topology
