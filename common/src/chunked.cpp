#include "wsgate/chunked.hpp"

#include <algorithm>

namespace wsgate::http1 {

namespace {

constexpr char cr = '\r';
constexpr char lf = '\n';
constexpr std::uint64_t hex_radix = 16;

// The value of a hex digit, or -1.
int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    const char lower = static_cast<char>(c | 0x20);
    if (lower >= 'a' && lower <= 'f') return lower - 'a' + 10;
    return -1;
}

}  // namespace

std::size_t chunked_decoder::feed(std::string_view input, std::string* body) {
    std::size_t pos = 0;
    while (pos < input.size() && status_ == status::need_more) {
        if (step_ == step::chunk_data) {
            const auto take_now = static_cast<std::size_t>(std::min<std::uint64_t>(chunk_left_, input.size() - pos));
            if (body) body->append(input.substr(pos, take_now));
            pos += take_now;
            chunk_left_ -= take_now;
            if (chunk_left_ == 0) step_ = step::after_data;
            continue;
        }
        if (!take(input[pos])) {
            status_ = status::invalid;
            break;
        }
        ++pos;
    }
    return pos;
}

bool chunked_decoder::take(char c) {
    switch (step_) {
        case step::chunk_start: {
            const int digit = hex_value(c);
            if (digit < 0) return false;
            chunk_left_ = static_cast<std::uint64_t>(digit);
            step_ = step::chunk_size;
            return true;
        }
        case step::chunk_size: {
            // Checked before each further digit, as nginx does, so the size
            // can never wrap around.
            if (chunk_left_ > max_chunk_size / hex_radix) return false;
            if (const int digit = hex_value(c); digit >= 0) {
                chunk_left_ = chunk_left_ * hex_radix + static_cast<std::uint64_t>(digit);
                return true;
            }
            const bool last = chunk_left_ == 0;
            if (c == cr) step_ = last ? step::last_chunk_extension_almost_done : step::chunk_extension_almost_done;
            else if (c == lf) return last ? (step_ = step::trailer, true) : start_data();
            else if (c == ';' || c == ' ' || c == '\t') step_ = last ? step::last_chunk_extension : step::chunk_extension;
            else return false;
            return true;
        }
        case step::chunk_extension:
            if (c == cr) step_ = step::chunk_extension_almost_done;
            else if (c == lf) return start_data();
            return true;
        case step::chunk_extension_almost_done:
            return c == lf && start_data();
        case step::chunk_data:
            return true;
        case step::after_data:
            if (c == cr) step_ = step::after_data_almost_done;
            else if (c == lf) step_ = step::chunk_start;
            else return false;
            return true;
        case step::after_data_almost_done:
            if (c != lf) return false;
            step_ = step::chunk_start;
            return true;
        case step::last_chunk_extension:
            if (c == cr) step_ = step::last_chunk_extension_almost_done;
            else if (c == lf) step_ = step::trailer;
            return true;
        case step::last_chunk_extension_almost_done:
            if (c != lf) return false;
            step_ = step::trailer;
            return true;
        case step::trailer:
            if (c == cr) step_ = step::trailer_almost_done;
            else if (c == lf) status_ = status::done;
            else step_ = step::trailer_header;
            return true;
        case step::trailer_almost_done:
            if (c != lf) return false;
            status_ = status::done;
            return true;
        case step::trailer_header:
            if (c == cr) step_ = step::trailer_header_almost_done;
            else if (c == lf) step_ = step::trailer;
            return true;
        case step::trailer_header_almost_done:
            if (c != lf) return false;
            step_ = step::trailer;
            return true;
    }
    return false;
}

bool chunked_decoder::start_data() {
    // Compared by subtraction: body_size_ never exceeds max_body_, so this
    // cannot wrap where body_size_ + chunk_left_ could.
    if (chunk_left_ > max_body_ - body_size_) {
        status_ = status::too_large;
        return true;
    }
    body_size_ += chunk_left_;
    step_ = step::chunk_data;
    return true;
}

}  // namespace wsgate::http1
