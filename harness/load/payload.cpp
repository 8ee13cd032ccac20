#include "load/payload.hpp"

#include <cstring>

namespace wsgate::load {

namespace {

// 64 printable characters, picked by a cheap mix of the header and position.
constexpr char filler_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

char filler_at(const stamp& s, std::size_t i) {
    const std::uint64_t mix = (s.sequence * 0x9E3779B97F4A7C15ull) ^ (std::uint64_t{s.connection} << 17) ^ i;
    return filler_alphabet[(mix ^ (mix >> 29)) & 63];
}

// The low 32 bits of v as 8 hex digits.
void put_hex32(char* out, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) out[i] = static_cast<char>("0123456789abcdef"[(v >> (28 - 4 * i)) & 15]);
}

bool get_hex(std::string_view in, std::uint64_t& v) {
    v = 0;
    for (char c : in) {
        v <<= 4;
        if (c >= '0' && c <= '9') v |= static_cast<std::uint64_t>(c - '0');
        else if (c >= 'a' && c <= 'f') v |= static_cast<std::uint64_t>(c - 'a' + 10);
        else return false;
    }
    return true;
}

}  // namespace

// Header as 24 lowercase hex digits: 6 for the connection, 8 for the
// sequence, 10 for the intended time in microseconds (wraps after ~12 days).
void fill_payload(const stamp& s, std::string& out) {
    char header[header_size];
    char tmp[8];
    put_hex32(tmp, s.connection);
    std::memcpy(header, tmp + 2, 6);
    put_hex32(tmp, s.sequence);
    std::memcpy(header + 6, tmp, 8);
    const std::uint64_t us = static_cast<std::uint64_t>(s.intended_ns / 1000);
    put_hex32(tmp, us >> 8);
    std::memcpy(header + 14, tmp + 0, 8);
    put_hex32(tmp, us & 0xff);
    std::memcpy(header + 22, tmp + 6, 2);
    const auto n = std::min(out.size(), header_size);
    std::memcpy(out.data(), header, n);
    for (std::size_t i = header_size; i < out.size(); ++i) out[i] = filler_at(s, i);
}

std::string make_payload(const stamp& s, std::size_t size) {
    std::string out(std::max(size, header_size), '\0');
    fill_payload(s, out);
    return out;
}

std::optional<stamp> read_payload(std::string_view p) {
    if (p.size() < header_size) return std::nullopt;
    std::uint64_t conn = 0, seq = 0, hi = 0, lo = 0;
    if (!get_hex(p.substr(0, 6), conn) || !get_hex(p.substr(6, 8), seq) || !get_hex(p.substr(14, 8), hi) ||
        !get_hex(p.substr(22, 2), lo))
        return std::nullopt;
    stamp s{static_cast<std::uint32_t>(conn), seq, static_cast<std::int64_t>(((hi << 8) | lo) * 1000)};
    for (std::size_t i = header_size; i < p.size(); ++i)
        if (p[i] != filler_at(s, i)) return std::nullopt;
    return s;
}

verdict sequence_check::judge(const std::optional<stamp>& s) {
    constexpr std::size_t missing_limit = 4096;
    if (!s) return verdict::corrupt;
    if (s->connection != connection_) return verdict::foreign;
    if (s->sequence == next_expected_) {
        ++next_expected_;
        return verdict::in_order;
    }
    if (s->sequence < next_expected_) return missing_.erase(s->sequence) ? verdict::reordered : verdict::duplicate;
    for (auto gap = next_expected_; gap < s->sequence; ++gap) {
        if (missing_.size() < missing_limit)
            missing_.insert(gap);
        else
            ++missing_overflow_;
    }
    next_expected_ = s->sequence + 1;
    return verdict::lost_before;
}

}  // namespace wsgate::load
