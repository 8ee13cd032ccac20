#include "sandbox/caddyfile.hpp"

#include <fstream>
#include <sstream>

namespace wsgate::sandbox {

namespace {

bool blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

struct lexer {
    const std::string& text;
    std::vector<caddy_token> tokens;
    std::vector<std::string> problems;
    std::string where;

    void run() {
        int line = 1;
        for (std::size_t at = 0; at < text.size();) {
            const char c = text[at];
            if (c == '\n') {
                ++line;
                ++at;
            } else if (blank(c)) {
                ++at;
            } else if (c == '#') {
                while (at < text.size() && text[at] != '\n') ++at;
            } else {
                at = token(at, line);
            }
        }
    }

    // One token from at; a quoted one may span lines (Caddy allows it).
    std::size_t token(std::size_t at, int& line) {
        caddy_token t{{}, at, at, line};
        while (at < text.size() && !blank(text[at]) && text[at] != '\n') {
            const char c = text[at];
            if (c == '"' || c == '`') {
                const int opened = line;
                ++at;
                while (at < text.size() && text[at] != c) {
                    if (c == '"' && text[at] == '\\' && at + 1 < text.size() &&
                        (text[at + 1] == '"' || text[at + 1] == '\\')) ++at;
                    if (text[at] == '\n') ++line;
                    t.text += text[at++];
                }
                if (at >= text.size()) {
                    problems.push_back(where + std::to_string(opened) + ": unterminated quote");
                    return at;
                }
                ++at;
                continue;
            }
            t.text += c;
            ++at;
        }
        t.end = at;
        tokens.push_back(std::move(t));
        return at;
    }
};

class parser {
public:
    parser(caddyfile& out, std::vector<caddy_token> tokens, std::vector<std::string>& problems, std::string where)
        : out_(out), tokens_(std::move(tokens)), problems_(problems), where_(std::move(where)) {}

    void run() {
        if (at_ < tokens_.size() && is("{") && line_ends_after(at_)) {
            const auto open = tokens_[at_++];
            out_.has_global = true;
            out_.global_begin = open.begin;
            out_.global = block(open.line, 1);
            out_.global_end = at_ > 0 ? tokens_[at_ - 1].end : open.end;
        }
        while (at_ < tokens_.size()) top_level();
    }

private:
    bool is(const char* s) const { return tokens_[at_].text == s; }
    bool line_ends_after(std::size_t i) const { return i + 1 >= tokens_.size() || tokens_[i + 1].line != tokens_[i].line; }
    void problem(int line, const std::string& what) { problems_.push_back(where_ + std::to_string(line) + ": " + what); }

    // A snippet "(name) {", or a site: its addresses up to '{' on one line.
    void top_level() {
        const auto first = tokens_[at_];
        std::vector<caddy_token> heads;
        while (at_ < tokens_.size() && tokens_[at_].line == first.line && !is("{")) heads.push_back(tokens_[at_++]);
        const bool braced = at_ < tokens_.size() && is("{") && tokens_[at_].line == first.line;
        if (braced) ++at_;
        if (!heads.empty() && heads.front().text == "}") {
            problem(first.line, "a '}' closes no block");
            return;
        }
        auto directives = braced ? block(first.line, 1) : rest_as_one_site();
        if (heads.size() == 1 && heads[0].text.size() > 2 && heads[0].text.front() == '(' &&
            heads[0].text.back() == ')') {
            out_.snippets.push_back({heads[0].text.substr(1, heads[0].text.size() - 2), std::move(directives)});
            return;
        }
        caddy_site site;
        site.begin = first.begin;
        site.line = first.line;
        for (auto h : heads) {
            while (!h.text.empty() && h.text.back() == ',') h.text.pop_back();
            if (!h.text.empty()) site.addresses.push_back(std::move(h));
        }
        site.directives = std::move(directives);
        out_.sites.push_back(std::move(site));
    }

    // A Caddyfile of one site may leave out the braces: every line after
    // the addresses is its directives.
    std::vector<caddy_directive> rest_as_one_site() {
        std::vector<caddy_directive> all;
        while (at_ < tokens_.size()) {
            if (is("}")) {
                problem(tokens_[at_].line, "a '}' closes no block");
                ++at_;
                continue;
            }
            all.push_back(directive(1));
        }
        return all;
    }

    std::vector<caddy_directive> block(int opened, std::size_t depth) {
        std::vector<caddy_directive> out;
        if (depth > max_caddy_nesting) {
            problem(opened, "blocks nested deeper than " + std::to_string(max_caddy_nesting));
            at_ = tokens_.size();
            return out;
        }
        while (at_ < tokens_.size() && !is("}")) out.push_back(directive(depth));
        if (at_ >= tokens_.size()) problem(opened, "the block opened here is not closed");
        else ++at_;
        return out;
    }

    caddy_directive directive(std::size_t depth) {
        caddy_directive d;
        d.line = tokens_[at_].line;
        while (at_ < tokens_.size() && tokens_[at_].line == d.line && !(is("{") && line_ends_after(at_)) &&
               !(is("}") && !d.words.empty()))
            d.words.push_back(tokens_[at_++]);
        if (d.words.empty()) {
            // A '{' alone on its line opens no directive's block.
            problem(d.line, "a '{' opens no block");
            d.words.push_back(tokens_[at_++]);
        }
        d.end = d.words.back().end;
        if (at_ < tokens_.size() && is("{") && tokens_[at_].line == d.line) {
            ++at_;
            d.has_block = true;
            d.block = block(d.line, depth + 1);
            d.end = tokens_[at_ - 1].end;
        }
        return d;
    }

    caddyfile& out_;
    std::vector<caddy_token> tokens_;
    std::vector<std::string>& problems_;
    std::string where_;
    std::size_t at_ = 0;
};

}  // namespace

caddyfile parse_caddyfile(const std::filesystem::path& file, const std::string& text) {
    caddyfile out{std::filesystem::absolute(file), text};
    const auto where = out.file.string() + ":";
    lexer lex{text, {}, {}, where};
    lex.run();
    auto problems = lex.problems;
    parser(out, std::move(lex.tokens), problems, where).run();
    if (!problems.empty()) {
        std::string all;
        for (const auto& p : problems) all += (all.empty() ? "" : "\n") + p;
        throw sandbox_error(all);
    }
    return out;
}

caddyfile read_caddyfile(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw sandbox_error("cannot read config " + file.string());
    std::ostringstream text;
    text << in.rdbuf();
    if (text.str().size() > max_caddyfile_bytes)
        throw sandbox_error(file.string() + ": larger than " + std::to_string(max_caddyfile_bytes >> 20) + " MiB");
    return parse_caddyfile(file, text.str());
}

std::string caddy_word(const std::string& word) {
    if (!word.empty() && word != "{" && word != "}" && word.find_first_of(" \t\n\"`#\\") == std::string::npos)
        return word;
    std::string out = "\"";
    for (const char c : word) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

}  // namespace wsgate::sandbox
