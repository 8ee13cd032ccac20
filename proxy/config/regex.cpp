#include "regex.hpp"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <cstdint>
#include <stdexcept>

namespace wsgate::proxy::config {

namespace {

// Long enough for any PCRE2 error message (the library's own examples use 256).
constexpr std::size_t error_text_size = 256;

using match_data = std::unique_ptr<pcre2_match_data, decltype(&pcre2_match_data_free)>;

// The match data of a successful match, or null.
match_data run(pcre2_code* code, std::string_view subject) {
    match_data data(pcre2_match_data_create_from_pattern(code, nullptr), &pcre2_match_data_free);
    if (!data) throw std::bad_alloc();
    if (pcre2_match(code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), 0, 0, data.get(), nullptr) < 0)
        data.reset();
    return data;
}

}  // namespace

struct regex::compiled {
    pcre2_code* code = nullptr;
    ~compiled() { pcre2_code_free(code); }
};

regex::regex(std::string pattern, bool caseless) : pattern_(std::move(pattern)), caseless_(caseless) {
    int error = 0;
    PCRE2_SIZE offset = 0;
    auto c = std::make_shared<compiled>();
    c->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern_.data()), pattern_.size(),
                            caseless ? PCRE2_CASELESS : 0, &error, &offset, nullptr);
    if (!c->code) {
        PCRE2_UCHAR text[error_text_size];
        pcre2_get_error_message(error, text, sizeof text);
        throw std::invalid_argument("pcre2_compile() failed: " + std::string(reinterpret_cast<const char*>(text)) +
                                    " in \"" + pattern_ + "\" at \"" + pattern_.substr(std::min(offset, pattern_.size())) +
                                    "\"");
    }
    // PCRE2's name table: each entry is the group number in two bytes,
    // then the name, zero-terminated, in entries of a fixed size.
    std::uint32_t count = 0, entry_size = 0;
    PCRE2_SPTR table = nullptr;
    pcre2_pattern_info(c->code, PCRE2_INFO_NAMECOUNT, &count);
    pcre2_pattern_info(c->code, PCRE2_INFO_NAMEENTRYSIZE, &entry_size);
    pcre2_pattern_info(c->code, PCRE2_INFO_NAMETABLE, &table);
    for (std::uint32_t i = 0; i < count; ++i) {
        const PCRE2_SPTR entry = table + static_cast<std::size_t>(i) * entry_size;
        const std::size_t number = (static_cast<std::size_t>(entry[0]) << 8) | entry[1];
        names_.emplace_back(reinterpret_cast<const char*>(entry + 2), number);
    }
    code_ = std::move(c);
}

bool regex::matches(std::string_view subject) const { return run(code_->code, subject) != nullptr; }

std::optional<std::vector<std::string>> regex::match(std::string_view subject) const {
    const auto data = run(code_->code, subject);
    if (!data) return std::nullopt;
    const PCRE2_SIZE* offsets = pcre2_get_ovector_pointer(data.get());
    std::vector<std::string> groups(pcre2_get_ovector_count(data.get()));
    for (std::size_t i = 0; i < groups.size(); ++i)
        if (offsets[2 * i] != PCRE2_UNSET)
            groups[i] = std::string(subject.substr(offsets[2 * i], offsets[2 * i + 1] - offsets[2 * i]));
    return groups;
}

}  // namespace wsgate::proxy::config
