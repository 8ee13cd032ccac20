#include "sandbox/haproxy_config.hpp"

#include <array>
#include <fstream>
#include <sstream>

namespace wsgate::sandbox {

namespace {

// The keywords that open a section in HAProxy 2.6 (cfgparse.c's sections).
constexpr std::array section_keywords = {"global",    "defaults", "frontend", "backend", "listen",
                                         "resolvers", "peers",    "userlist", "mailers", "program",
                                         "http-errors", "ring",   "cache",    "fcgi-app"};

bool opens_section(const std::string& word) {
    for (const char* k : section_keywords)
        if (word == k) return true;
    return false;
}

bool blank(char c) { return c == ' ' || c == '\t'; }

// One line's words, or the reason it cannot be read.
struct line_reader {
    const std::string& text;
    std::size_t at;
    std::size_t end;
    haproxy_line out;
    std::string problem;

    // HAProxy's escapes: a blank, '#', '\', a quote, or \r \n \t \xNN.
    bool escape(std::string& word) {
        if (at + 1 >= end) return fail("a backslash ends the line");
        const char c = text[at + 1];
        at += 2;
        switch (c) {
            case ' ': case '\t': case '#': case '\\': case '\'': case '"': case '$': word += c; return true;
            case 'r': word += '\r'; return true;
            case 'n': word += '\n'; return true;
            case 't': word += '\t'; return true;
            case 'x': {
                if (at + 2 > end) return fail("\\x needs two hex digits");
                const auto hex = text.substr(at, 2);
                if (hex.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos)
                    return fail("\\x needs two hex digits");
                word += static_cast<char>(std::stoi(hex, nullptr, 16));
                at += 2;
                return true;
            }
            default: return fail(std::string("unknown escape \\") + c);
        }
    }

    bool fail(std::string why) {
        problem = std::move(why);
        return false;
    }

    bool quoted(std::string& word, char quote) {
        ++at;
        while (at < end && text[at] != quote) {
            if (quote == '"' && text[at] == '\\') {
                if (!escape(word)) return false;
                continue;
            }
            word += text[at++];
        }
        if (at >= end) return fail(std::string("unterminated ") + (quote == '"' ? "double" : "single") + " quote");
        ++at;
        return true;
    }

    bool read() {
        while (at < end) {
            while (at < end && blank(text[at])) ++at;
            if (at >= end || text[at] == '#') return true;
            const std::size_t begin = at;
            std::string word;
            while (at < end && !blank(text[at]) && text[at] != '#') {
                const char c = text[at];
                if (c == '\\') {
                    if (!escape(word)) return false;
                } else if (c == '"' || c == '\'') {
                    if (!quoted(word, c)) return false;
                } else {
                    word += c;
                    ++at;
                }
            }
            if (out.words.size() == max_haproxy_words_per_line)
                return fail("more than " + std::to_string(max_haproxy_words_per_line) + " words on one line");
            out.words.push_back(std::move(word));
            out.spans.emplace_back(begin, at);
        }
        return true;
    }
};

}  // namespace

haproxy_config parse_haproxy_config(const std::filesystem::path& file, const std::string& text) {
    haproxy_config config{std::filesystem::absolute(file), text, {}};
    std::string problems;
    const auto where = [&](int line) { return config.file.string() + ":" + std::to_string(line) + ": "; };
    int number = 0;
    for (std::size_t at = 0; at < text.size();) {
        ++number;
        auto end = text.find('\n', at);
        if (end == std::string::npos) end = text.size();
        line_reader reader{text, at, end > at && text[end - 1] == '\r' ? end - 1 : end, {}, {}};
        reader.out.line = number;
        at = end + 1;
        if (!reader.read()) {
            problems += where(number) + reader.problem + "\n";
            continue;
        }
        if (reader.out.words.empty()) continue;
        if (opens_section(reader.out.words[0])) {
            haproxy_section s;
            s.kind = reader.out.words[0];
            if (reader.out.words.size() > 1) s.name = reader.out.words[1];
            s.head = std::move(reader.out);
            config.sections.push_back(std::move(s));
        } else if (config.sections.empty()) {
            problems += where(number) + "\"" + reader.out.words[0] + "\" stands before any section\n";
        } else {
            config.sections.back().lines.push_back(std::move(reader.out));
        }
    }
    if (!problems.empty()) throw sandbox_error(problems.substr(0, problems.size() - 1));
    return config;
}

haproxy_config read_haproxy_config(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw sandbox_error("cannot read config " + file.string());
    std::ostringstream text;
    text << in.rdbuf();
    if (text.str().size() > max_haproxy_config_bytes)
        throw sandbox_error(file.string() + ": larger than " + std::to_string(max_haproxy_config_bytes >> 20) + " MiB");
    return parse_haproxy_config(file, text.str());
}

std::string haproxy_word(const std::string& word) {
    if (!word.empty() && word.find_first_of(" \t#'\"\\$") == std::string::npos) return word;
    std::string out = "\"";
    for (const char c : word) {
        if (c == '"' || c == '\\' || c == '$') out += '\\';
        out += c;
    }
    return out + "\"";
}

}  // namespace wsgate::sandbox
