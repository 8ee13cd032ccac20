// The load generator's message format. Each message carries who sent it,
// its sequence number and when it was meant to be sent, then filler derived
// from those, so the echo can be checked for loss, duplication, reordering
// and corruption without keeping copies of what was sent.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace wsgate::load {

inline constexpr std::size_t header_size = 24;  // connection, sequence, intended time

struct stamp {
    std::uint32_t connection = 0;
    std::uint64_t sequence = 0;
    std::int64_t intended_ns = 0;  // steady clock, nanoseconds
};

// size is at least header_size; the filler is printable so text messages stay valid UTF-8.
std::string make_payload(const stamp& s, std::size_t size);

// Writes the payload into out (out.size() is the message size), reusing its storage.
void fill_payload(const stamp& s, std::string& out);

// nullopt when the payload is too short or the filler does not match its header.
std::optional<stamp> read_payload(std::string_view payload);

// How an echoed message compares with what the connection expects next.
enum class verdict { in_order, duplicate, reordered, lost_before, corrupt, foreign };

// lost_before counts a gap when it opens; a message from the gap that
// arrives later is reordered (and was not lost after all: lost() says how
// many are still missing).
class sequence_check {
public:
    explicit sequence_check(std::uint32_t connection) : connection_(connection) {}
    verdict judge(const std::optional<stamp>& s);
    std::uint64_t next_expected() const { return next_expected_; }
    std::size_t lost() const { return missing_.size() + missing_overflow_; }

private:
    std::uint32_t connection_;
    std::uint64_t next_expected_ = 0;
    std::set<std::uint64_t> missing_;  // bounded; beyond it gaps are only counted
    std::size_t missing_overflow_ = 0;
};

}  // namespace wsgate::load
