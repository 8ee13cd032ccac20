#include "wsgate/deflate.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>
#include <vector>

namespace wsgate::ws {

namespace {

// zlib deflates with a 9-bit window when asked for 8, so a sender that
// announced 8 bits may refer this far back.
constexpr int zlib_min_raw_window_bits = 9;

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// Splits at sep outside quoted strings (RFC 7230 §3.2.6).
std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> parts;
    bool quoted = false;
    std::size_t start = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '"') quoted = !quoted;
        if (s[i] == '\\' && quoted)
            ++i;
        else if (s[i] == sep && !quoted) {
            parts.push_back(trim(s.substr(start, i - start)));
            start = i + 1;
        }
    }
    parts.push_back(trim(s.substr(start)));
    return parts;
}

std::string unquote(std::string_view v) {
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    return std::string(v);
}

}  // namespace

std::vector<extension> parse_extensions(std::string_view header) {
    std::vector<extension> out;
    for (const auto item : split(header, ',')) {
        if (item.empty()) continue;
        const auto parts = split(item, ';');
        extension e{std::string(parts[0]), {}};
        for (std::size_t i = 1; i < parts.size(); ++i) {
            const auto eq = parts[i].find('=');
            extension::param p{std::string(trim(parts[i].substr(0, eq))), std::nullopt};
            if (eq != std::string_view::npos) p.value = unquote(trim(parts[i].substr(eq + 1)));
            e.params.push_back(std::move(p));
        }
        out.push_back(std::move(e));
    }
    return out;
}

std::optional<int> parse_window_bits(std::string_view value) {
    int bits = 0;
    const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), bits);
    if (value.empty() || ec != std::errc{} || ptr != value.data() + value.size() || bits < min_window_bits ||
        bits > max_window_bits)
        return std::nullopt;
    return bits;
}

std::optional<deflate_params> parse_deflate_response(std::string_view header) {
    for (const auto& e : parse_extensions(header)) {
        if (e.name != "permessage-deflate") continue;
        deflate_params p;
        bool valid = true;
        for (const auto& param : e.params) {
            if (param.name == "server_no_context_takeover") p.server_no_context_takeover = true;
            else if (param.name == "client_no_context_takeover") p.client_no_context_takeover = true;
            else if (param.name == "server_max_window_bits" || param.name == "client_max_window_bits") {
                const auto bits = param.value ? parse_window_bits(*param.value) : std::nullopt;
                if (!bits) valid = false;
                else (param.name == "server_max_window_bits" ? p.server_max_window_bits : p.client_max_window_bits) = *bits;
            } else {
                valid = false;
            }
        }
        if (valid) return p;
    }
    return std::nullopt;
}

inflater::inflater(int window_bits, bool no_context_takeover) : no_context_takeover_(no_context_takeover) {
    // Raw DEFLATE: negative window bits.
    if (inflateInit2(&stream_, -std::max(window_bits, zlib_min_raw_window_bits)) != Z_OK)
        throw std::runtime_error("inflateInit2 failed");
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
