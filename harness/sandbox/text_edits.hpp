// Changes to a file's text that keep every line where it was: a replaced
// range keeps its newlines (moved to the end of the new text), so the line
// a proxy names in the copy is the line in the user's file.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace wsgate::sandbox {

struct text_edit {
    std::size_t begin = 0;  // begin == end inserts
    std::size_t end = 0;
    std::string replacement;  // on one line
};

// Applies edits that do not overlap (in any order). Throws
// std::invalid_argument for overlapping edits or ones past the text.
std::string apply_edits(const std::string& text, std::vector<text_edit> edits);

// The word as nginx's tokenizer reads it back: quoted when it holds a blank,
// a quote, ';', '{', '}', '#' or a backslash.
std::string config_word(const std::string& word);

}  // namespace wsgate::sandbox
