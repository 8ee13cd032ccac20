// The one chunked transfer-coding decoder (RFC 9112 §7.1), with the states
// and refusals of nginx 1.22's ngx_http_parse_chunked. It keeps its state
// between calls, so a body arriving in many reads is decoded once: the
// reference proxy decodes request bodies with it and finds where relayed
// response bodies end; the harness's client finds where a response's chunked
// body ends before its HTTP parser sees it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace wsgate::http1 {

// nginx's NGX_MAX_OFF_T_VALUE. It refuses a chunk size that is above a
// sixteenth of it when one more byte follows, so no size it takes can wrap;
// the largest one it accepts is 2^59 - 1.
inline constexpr std::uint64_t max_chunk_size = INT64_MAX;

class chunked_decoder {
public:
    enum class status { need_more, done, invalid, too_large };

    // max_body: the largest sum of chunk sizes accepted (nginx's
    // client_max_body_size); a chunk header that would pass it is too_large.
    explicit chunked_decoder(std::uint64_t max_body = max_chunk_size) : max_body_(max_body) {}

    // Consumes bytes of the chunked stream from the front of input, stopping
    // at its end, at a refusal, or when input runs out. Chunk data goes to
    // body where one is given. Returns how many bytes of input belong to the
    // chunked stream (a refused byte excluded); after done the rest of input is
    // the next message.
    std::size_t feed(std::string_view input, std::string* body = nullptr);

    status state() const { return status_; }
    bool done() const { return status_ == status::done; }
    std::uint64_t body_size() const { return body_size_; }

private:
    enum class step {
        chunk_start,
        chunk_size,
        chunk_extension,
        chunk_extension_almost_done,
        chunk_data,
        after_data,
        after_data_almost_done,
        last_chunk_extension,
        last_chunk_extension_almost_done,
        trailer,
        trailer_almost_done,
        trailer_header,
        trailer_header_almost_done,
    };

    // Moves on from one byte outside chunk data; false when it is refused.
    bool take(char c);
    // The chunk header is complete: checks the size against max_body_.
    bool start_data();

    std::uint64_t max_body_;
    std::uint64_t body_size_ = 0;
    std::uint64_t chunk_left_ = 0;
    step step_ = step::chunk_start;
    status status_ = status::need_more;
};

}  // namespace wsgate::http1
