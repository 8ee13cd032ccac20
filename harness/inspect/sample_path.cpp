#include "inspect/sample_path.hpp"

#include <string_view>

namespace wsgate::inspect {

namespace {

// A character class escape's stand-in: a digit for \d, a letter for \w.
char class_escape_sample(char c) {
    switch (c) {
        case 'd': return '0';
        case 'w': return 'a';
        case 's': return ' ';
        case 'D': case 'W': case 'S': return '-';
        default: return c;
    }
}

// Reads the expression from i to the end of the current group, keeping the
// first alternative; i ends past the group's ')'.
class sampler {
public:
    explicit sampler(std::string_view re) : re_(re) {}

    std::string sequence(std::size_t& i) {
        std::string out;
        bool skipping = false;  // in a later alternative of this group
        while (i < re_.size() && re_[i] != ')') {
            if (re_[i] == '|') {
                skipping = true;
                ++i;
                continue;
            }
            std::string piece = atom(i);
            const auto repeat = repetitions(i);
            if (skipping) continue;
            for (std::size_t n = 0; n < repeat; ++n) out += piece;
        }
        if (i < re_.size()) ++i;
        return out;
    }

private:
    std::string atom(std::size_t& i) {
        const char c = re_[i++];
        switch (c) {
            case '\\':
                if (i >= re_.size()) return "";
                return std::string(1, class_escape_sample(re_[i++]));
            case '.': return "x";
            case '^': case '$': return "";
            case '[': return std::string(1, class_member(i));
            case '(':
                // (?:...), (?i) and named groups: the group's text follows the marker.
                if (i < re_.size() && re_[i] == '?') {
                    while (i < re_.size() && re_[i] != ':' && re_[i] != ')' && re_[i] != '>') ++i;
                    if (i < re_.size() && re_[i] == ')') {
                        ++i;
                        return "";
                    }
                    ++i;
                }
                return sequence(i);
            default: return std::string(1, c);
        }
    }

    char class_member(std::size_t& i) {
        const bool negated = i < re_.size() && re_[i] == '^';
        if (negated) ++i;
        char first = 0;
        for (bool start = true; i < re_.size() && (start || re_[i] != ']'); start = false) {
            char c = re_[i++];
            if (c == '\\' && i < re_.size()) c = class_escape_sample(re_[i++]);
            if (!first) first = c;
        }
        if (i < re_.size()) ++i;
        // A negated class rarely excludes a letter used in paths.
        return negated || !first ? 'x' : first;
    }

    std::size_t repetitions(std::size_t& i) {
        if (i >= re_.size()) return 1;
        std::size_t n = 1;
        if (re_[i] == '?' || re_[i] == '*') {
            n = 0;
            ++i;
        } else if (re_[i] == '+') {
            ++i;
        } else if (re_[i] == '{' && i + 1 < re_.size() && re_[i + 1] >= '0' && re_[i + 1] <= '9') {
            n = 0;
            for (++i; i < re_.size() && re_[i] >= '0' && re_[i] <= '9'; ++i) n = n * 10 + static_cast<std::size_t>(re_[i] - '0');
            while (i < re_.size() && re_[i] != '}') ++i;
            if (i < re_.size()) ++i;
        } else {
            return 1;
        }
        // A lazy or possessive marker changes nothing about the fewest.
        if (i < re_.size() && (re_[i] == '?' || re_[i] == '+')) ++i;
        return n;
    }

    std::string_view re_;
};

}  // namespace

std::string sample_path(const std::string& regex) {
    const bool anchored = regex.starts_with("^");
    std::size_t i = 0;
    std::string path;
    // A stray ')' ends a sequence early: read on past it.
    while (i < regex.size()) path += sampler(regex).sequence(i);
    if (path.starts_with("/")) return path;
    return (anchored ? "/" : "/x") + path;
}

}  // namespace wsgate::inspect
