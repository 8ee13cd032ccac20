#include "engine/step_impl.hpp"

#include "engine/step_failure.hpp"
#include "engine/wire.hpp"

#include "wsgate/frame.hpp"
#include "wsgate/generated.hpp"

#include <openssl/evp.h>

namespace wsgate::engine {

namespace {

// Expected and received payloads stand side by side: half a preview each.
constexpr std::size_t paired_preview_bytes = preview_bytes / 2;

std::string sha256_hex(std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr);
    std::string hex;
    for (unsigned i = 0; i < size; ++i) {
        static constexpr char digits[] = "0123456789abcdef";
        hex += digits[digest[i] >> 4];
        hex += digits[digest[i] & 15];
    }
    return hex;
}

// The header a frame_spec asks for, its length left to the payload.
ws::frame_header header_of(const frame_spec& f) {
    ws::frame_header h;
    h.opcode = f.opcode;
    h.fin = f.fin;
    h.rsv1 = f.rsv1;
    h.rsv2 = f.rsv2;
    h.rsv3 = f.rsv3;
    h.masked = f.masked;
    return h;
}

std::string encode(const frame_spec& f) {
    auto h = header_of(f);
    if (f.masked) h.mask = ws::random_mask();
    if (!f.length) return ws::encode_frame(h, f.payload);
    // A header that lies about the length: the payload follows unchanged.
    h.length = *f.length;
    std::uint8_t header[ws::max_header_size];
    const auto n = ws::encode_header(h, header);
    std::string payload = f.payload;
    if (f.masked) ws::apply_mask(reinterpret_cast<std::uint8_t*>(payload.data()), payload.size(), h.mask);
    return std::string(reinterpret_cast<const char*>(header), n) + payload;
}

std::string describe(const frame_spec& f) {
    auto h = header_of(f);
    h.length = f.length.value_or(f.payload.size());
    return client::describe_frame(h, f.payload);
}

void send_split(client::connection& c, std::string bytes, const std::string& summary, std::size_t write_size) {
    if (write_size == 0 || write_size >= bytes.size()) return c.send_bytes(std::move(bytes), summary);
    for (std::size_t at = 0; at < bytes.size(); at += write_size)
        c.send_bytes(bytes.substr(at, write_size),
                     summary + " [bytes " + std::to_string(at) + "-" +
                         std::to_string(std::min(at + write_size, bytes.size()) - 1) + "]");
}

void check_message(case_state& s, const expect_step& st, const message& m) {
    const char* kind_name = m.opcode == ws::op::text ? "text" : "binary";
    if (st.what == expect_step::kind::text && m.opcode != ws::op::text)
        throw step_failure("expected a text message", "text", std::string(kind_name) + ": " + preview(m.payload));
    if (st.what == expect_step::kind::binary && m.opcode != ws::op::binary)
        throw step_failure("expected a binary message", "binary", std::string(kind_name) + ": " + preview(m.payload));
    if (st.equals && m.payload != *st.equals)
        throw step_failure("the message differs", preview(*st.equals), preview(m.payload));
    if (st.echo) {
        const auto sent = s.last_message.find(st.as);
        if (sent == s.last_message.end()) throw step_failure("expect echo, but nothing was sent on " + st.as);
        if (m.payload != sent->second) {
            std::size_t at = 0;
            while (at < m.payload.size() && at < sent->second.size() && m.payload[at] == sent->second[at]) ++at;
            throw step_failure("the echo differs from what was sent (first difference at byte " + std::to_string(at) +
                                   ")",
                               std::to_string(sent->second.size()) +
                                   " bytes: " + preview(sent->second, paired_preview_bytes),
                               std::to_string(m.payload.size()) +
                                   " bytes: " + preview(m.payload, paired_preview_bytes));
        }
    }
    if (st.size && m.payload.size() != *st.size)
        throw step_failure("the message size differs", std::to_string(*st.size) + " bytes",
                           std::to_string(m.payload.size()) + " bytes");
    if (st.sha256 && sha256_hex(m.payload) != *st.sha256)
        throw step_failure("the message's SHA-256 differs", *st.sha256, sha256_hex(m.payload));
    if (st.generated && m.payload != generated_payload(m.payload.size(), m.opcode == ws::op::binary))
        throw step_failure("the message is not the backend's generated pattern", "generated content",
                           preview(m.payload, paired_preview_bytes));
    if (st.fragments && m.frames != *st.fragments)
        throw step_failure("the message came in a different number of frames", std::to_string(*st.fragments),
                           std::to_string(m.frames));
    if (st.compressed && m.compressed != *st.compressed)
        throw step_failure(*st.compressed ? "the message was not compressed (RSV1 clear)"
                                          : "the message was compressed (RSV1 set)",
                           *st.compressed ? "RSV1 set" : "RSV1 clear", m.compressed ? "RSV1 set" : "RSV1 clear");
}

}  // namespace

void do_send(case_state& s, const send_step& st) {
    auto& c = s.get(st.as);
    using kind = send_step::kind;
    auto payload = st.size ? generated_payload(*st.size, st.what == kind::binary) : st.payload;
    switch (st.what) {
        case kind::text:
        case kind::binary:
        case kind::ping:
        case kind::pong: {
            const std::uint8_t opcode = st.what == kind::text     ? ws::op::text
                                        : st.what == kind::binary ? ws::op::binary
                                        : st.what == kind::ping   ? ws::op::ping
                                                                  : ws::op::pong;
            auto h = client::client_frame(opcode);
            h.length = payload.size();
            auto bytes = ws::encode_frame(h, payload);
            send_split(c, std::move(bytes), client::describe_frame(h, payload), st.write_size);
            if (opcode == ws::op::text || opcode == ws::op::binary) s.last_message[st.as] = std::move(payload);
            break;
        }
        case kind::close: {
            auto h = client::client_frame(ws::op::close);
            const auto body = st.close_code ? ws::close_payload(*st.close_code, st.close_reason) : std::string();
            h.length = body.size();
            send_split(c, ws::encode_frame(h, body), client::describe_frame(h, body), st.write_size);
            break;
        }
        case kind::frames: {
            std::string all, summary;
            std::string message;
            for (const auto& f : st.frames) {
                auto bytes = encode(f);
                if (!ws::is_control(f.opcode)) message += f.payload;
                if (st.in_one_write) {
                    all += bytes;
                    summary += describe(f) + "; ";
                } else {
                    send_split(c, std::move(bytes), describe(f), st.write_size);
                }
            }
            if (st.in_one_write) send_split(c, std::move(all), summary, st.write_size);
            s.last_message[st.as] = std::move(message);
            break;
        }
        case kind::raw:
            send_split(c, payload,
                       "raw " + std::to_string(payload.size()) +
                           " bytes: " + preview(payload, client::summary_payload_bytes),
                       st.write_size);
            break;
        case kind::half_close:
            c.shutdown_send();
            break;
        case kind::reset:
            c.reset();
            break;
    }
    s.last_send[st.as] = clock::now();
}

void do_expect(case_state& s, const expect_step& st) {
    using kind = expect_step::kind;
    switch (st.what) {
        case kind::text:
        case kind::binary:
        case kind::message:
            for (std::size_t i = 0; i < st.count; ++i) check_message(s, st, take_message(s, st.as, st.within));
            return;
        case kind::pong:
        case kind::ping:
            for (std::size_t i = 0; i < st.count; ++i) {
                const auto f = take_control(s, st.as, st.what == kind::pong ? ws::op::pong : ws::op::ping, st.within);
                if (st.equals && f.payload != *st.equals)
                    throw step_failure(std::string(st.what == kind::pong ? "pong" : "ping") + " payload differs",
                                       preview(*st.equals), preview(f.payload));
            }
            return;
        case kind::close: {
            const auto f = take_control(s, st.as, ws::op::close, st.within);
            const auto info = ws::parse_close_payload(f.payload);
            if (!info)
                throw step_failure("the close frame's payload is invalid (RFC 6455 §5.5.1)", "a valid close payload",
                                   preview(f.payload));
            if (st.close_code) {
                const std::uint16_t got = info->code.value_or(0);
                if (got != *st.close_code)
                    throw step_failure("close code differs",
                                       *st.close_code ? std::to_string(*st.close_code) : "no code (empty payload)",
                                       info->code ? std::to_string(got) + (info->reason.empty() ? "" : " " + info->reason)
                                                  : "no code (empty payload)");
            }
            if (st.close_reason && info->reason != *st.close_reason)
                throw step_failure("close reason differs", *st.close_reason, info->reason);
            return;
        }
        case kind::tcp_closed:
            wait_tcp_closed(s, st.as, st.within);
            return;
        case kind::silence:
            expect_silence(s, st.as, st.within);
            return;
    }
}

}  // namespace wsgate::engine
