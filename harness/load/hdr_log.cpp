#include "load/hdr_log.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace wsgate::load {

namespace {

constexpr std::uint32_t v2_cookie = 0x1c849303 | 0x10;
constexpr std::uint32_t v2_compressed_cookie = 0x1c849304 | 0x10;

void put32(std::vector<std::uint8_t>& out, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(v >> shift));
}

void put64(std::vector<std::uint8_t>& out, std::uint64_t v) {
    for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(v >> shift));
}

// HdrHistogram's ZigZag LEB128: at most 9 bytes, the ninth carrying 8 bits.
void put_zigzag(std::vector<std::uint8_t>& out, std::int64_t signed_value) {
    auto v = static_cast<std::uint64_t>((signed_value << 1) ^ (signed_value >> 63));
    for (int i = 0; i < 8; ++i) {
        if (v < 0x80) {
            out.push_back(static_cast<std::uint8_t>(v));
            return;
        }
        out.push_back(static_cast<std::uint8_t>((v & 0x7f) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<std::uint8_t>(v));
}

std::string base64(const std::vector<std::uint8_t>& data) {
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (std::size_t i = 0; i < data.size(); i += 3) {
        const std::uint32_t n = (data[i] << 16) | (i + 1 < data.size() ? data[i + 1] << 8 : 0) |
                                (i + 2 < data.size() ? data[i + 2] : 0);
        out += alphabet[(n >> 18) & 63];
        out += alphabet[(n >> 12) & 63];
        out += i + 1 < data.size() ? alphabet[(n >> 6) & 63] : '=';
        out += i + 2 < data.size() ? alphabet[n & 63] : '=';
    }
    return out;
}

}  // namespace

std::string encode_compressed(const histogram& h) {
    // Counts up to the slot of the largest value, runs of zeros as one
    // negative number, as HdrHistogram's fillBufferFromCountsArray does.
    std::vector<std::uint8_t> payload;
    const auto& counts = h.counts();
    const std::size_t limit = h.count() ? histogram::slot_of(h.max()) + 1 : 0;
    for (std::size_t i = 0; i < limit;) {
        const auto n = counts[i++];
        if (n == 0) {
            std::int64_t zeros = 1;
            while (i < limit && counts[i] == 0) ++zeros, ++i;
            put_zigzag(payload, zeros > 1 ? -zeros : 0);
        } else {
            put_zigzag(payload, static_cast<std::int64_t>(n));
        }
    }
    std::vector<std::uint8_t> plain;
    put32(plain, v2_cookie);
    put32(plain, static_cast<std::uint32_t>(payload.size()));
    put32(plain, 0);  // normalizing index offset
    put32(plain, 3);  // significant digits
    put64(plain, 1);  // lowest discernible value
    put64(plain, static_cast<std::uint64_t>(histogram::highest));
    const double ratio = 1.0;
    std::uint64_t ratio_bits;
    std::memcpy(&ratio_bits, &ratio, sizeof ratio);
    put64(plain, ratio_bits);
    plain.insert(plain.end(), payload.begin(), payload.end());

    uLongf size = compressBound(static_cast<uLong>(plain.size()));
    std::vector<std::uint8_t> deflated(size);
    if (compress(deflated.data(), &size, plain.data(), static_cast<uLong>(plain.size())) != Z_OK)
        throw std::runtime_error("zlib could not compress a histogram");
    deflated.resize(size);
    std::vector<std::uint8_t> framed;
    put32(framed, v2_compressed_cookie);
    put32(framed, static_cast<std::uint32_t>(deflated.size()));
    framed.insert(framed.end(), deflated.begin(), deflated.end());
    return base64(framed);
}

void write_hdr_log(std::ostream& out, const load_result& r, double start_epoch_s) {
    char line[96];
    out << "#[Histogram log format version 1.3]\n";
    std::snprintf(line, sizeof line, "#[StartTime: %.3f (seconds since epoch)]\n", start_epoch_s);
    out << line;
    std::snprintf(line, sizeof line, "#[BaseTime: %.3f (seconds since epoch)]\n", start_epoch_s);
    out << line;
    out << "#[wsgate load: round trip from the intended send time, values in microseconds, Interval_Max in ms]\n";
    out << "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"\n";
    for (std::size_t i = 0; i < r.intervals.size(); ++i) {
        std::vector<std::pair<std::size_t, std::uint64_t>> counts(r.intervals[i].begin(), r.intervals[i].end());
        std::int64_t max = 0;
        if (!counts.empty()) max = std::min(histogram::highest, histogram::value_of_slot(counts.back().first));
        const auto h = histogram::restore(counts, 1, max, 0);
        std::snprintf(line, sizeof line, "%.3f,%.3f,%.3f,", static_cast<double>(i), 1.0, static_cast<double>(max) / 1000.0);
        out << line << encode_compressed(h) << "\n";
    }
}

}  // namespace wsgate::load
