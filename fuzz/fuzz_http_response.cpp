// Fuzzes the scripted client's HTTP response reader (Beast's parser with the
// chunked decoder in front), fed whole and in pieces, then closed: a crash,
// a sanitizer report, or any difference between the two (responses, final
// result, bytes left for the new protocol after a 101) other than Beast's
// early error on an unfinished head, is a bug.
#include "client/http_response.hpp"
#include "fuzz_support.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace {

using wsgate::client::http_response;
using wsgate::client::response_reader;
using wsgate::fuzz::check;

struct outcome {
    std::vector<http_response> responses;
    response_reader::result last = response_reader::result::need_more;
    std::string left;  // after a 101: the bytes of the new protocol
};

// As the client reads a connection: each piece appended to what is still
// unread, until an error or a protocol switch; then the peer closes.
template <class Pieces>
outcome read(const Pieces& pieces) {
    response_reader reader;
    outcome out;
    std::string in;
    for (const auto piece : pieces) {
        if (out.last == response_reader::result::error) break;
        if (out.last == response_reader::result::switched) {
            out.left.append(piece);
            continue;
        }
        in.append(piece);
        out.last = reader.feed(in, out.responses);
    }
    if (out.last == response_reader::result::need_more) reader.finish(out.responses);
    if (out.last == response_reader::result::switched) out.left.insert(0, in);
    return out;
}

bool same_response(const http_response& a, const http_response& b) {
    return a.version == b.version && a.status == b.status && a.reason == b.reason && a.headers == b.headers &&
           a.body == b.body && a.head == b.head;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const wsgate::fuzz::split_plan plan(data, size);
    if (!plan.valid()) return 0;
    const auto whole = read(std::array{plan.stream()});
    const auto split = read(plan.pieces());
    // Beast reports a malformed header line as soon as it sees it, unless an
    // earlier read left the head unfinished: then it waits for the blank
    // line first. A head that never completes may so end in an error whole
    // and still wait in pieces; any other difference is a bug.
    const bool error_seen_early_only =
        whole.last == response_reader::result::error && split.last == response_reader::result::need_more;
    check(split.last == whole.last || error_seen_early_only, "split feeding changed the result");
    check(std::equal(split.responses.begin(), split.responses.end(), whole.responses.begin(), whole.responses.end(),
                     same_response),
          "split feeding changed the responses");
    if (whole.last == response_reader::result::switched) check(split.left == whole.left, "split feeding changed the bytes left");
    return 0;
}
