#include "wsgate/deflate.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>
#include <vector>

namespace wsgate::ws {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> parts;
    while (true) {
        const auto at = s.find(sep);
        parts.push_back(trim(s.substr(0, at)));
        if (at == std::string_view::npos) return parts;
        s.remove_prefix(at + 1);
    }
}

std::optional<int> window_bits(std::string_view value) {
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    int bits = 0;
    const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), bits);
    if (ec != std::errc{} || ptr != value.data() + value.size() || bits < 8 || bits > 15) return std::nullopt;
    return bits;
}

// One offer or answer ("permessage-deflate; a; b=1") into params; nullopt for
// another extension, an unknown or repeated parameter, or a bad value (§7.1).
std::optional<deflate_params> parse_one(std::string_view text) {
    const auto parts = split(text, ';');
    if (parts[0] != "permessage-deflate") return std::nullopt;
    deflate_params p;
    bool seen[4] = {false, false, false, false};
    for (std::size_t i = 1; i < parts.size(); ++i) {
        const auto eq = parts[i].find('=');
        const auto name = trim(parts[i].substr(0, eq));
        const auto value = eq == std::string_view::npos ? std::string_view{} : trim(parts[i].substr(eq + 1));
        int slot;
        if (name == "server_no_context_takeover" && value.empty()) {
            slot = 0;
            p.server_no_context_takeover = true;
        } else if (name == "client_no_context_takeover" && value.empty()) {
            slot = 1;
            p.client_no_context_takeover = true;
        } else if (name == "server_max_window_bits") {
            slot = 2;
            auto bits = window_bits(value);
            if (!bits) return std::nullopt;
            p.server_max_window_bits = *bits;
        } else if (name == "client_max_window_bits") {
            slot = 3;
            if (!value.empty()) {
                auto bits = window_bits(value);
                if (!bits) return std::nullopt;
                p.client_max_window_bits = *bits;
            }
        } else {
            return std::nullopt;
        }
        if (seen[slot]) return std::nullopt;
        seen[slot] = true;
    }
    return p;
}

}  // namespace

std::optional<deflate_params> parse_deflate_response(std::string_view header) {
    for (const auto answer : split(header, ',')) {
        if (auto p = parse_one(answer)) return p;
    }
    return std::nullopt;
}

inflater::inflater(int window_bits, bool no_context_takeover) : no_context_takeover_(no_context_takeover) {
    // Raw DEFLATE: negative window bits; zlib needs at least 9.
    if (inflateInit2(&stream_, -std::max(window_bits, 9)) != Z_OK) throw std::runtime_error("inflateInit2 failed");
}

inflater::~inflater() { inflateEnd(&stream_); }

std::optional<std::string> inflater::inflate(std::string_view compressed, std::size_t max_size) {
    // §7.2.2: the sender removed the final empty block's 00 00 FF FF.
    std::string input(compressed);
    input.append("\x00\x00\xff\xff", 4);
    stream_.next_in = reinterpret_cast<Bytef*>(input.data());
    stream_.avail_in = static_cast<uInt>(input.size());
    std::string out;
    char chunk[16384];
    while (stream_.avail_in > 0) {
        stream_.next_out = reinterpret_cast<Bytef*>(chunk);
        stream_.avail_out = sizeof chunk;
        const int rc = ::inflate(&stream_, Z_SYNC_FLUSH);
        if (rc != Z_OK && rc != Z_BUF_ERROR && rc != Z_STREAM_END) return std::nullopt;
        out.append(chunk, sizeof chunk - stream_.avail_out);
        if (out.size() > max_size) return std::nullopt;
        if (rc == Z_BUF_ERROR && stream_.avail_out != 0) break;
        if (rc == Z_STREAM_END) break;
    }
    if (no_context_takeover_) inflateReset(&stream_);
    return out;
}

}  // namespace wsgate::ws
