#include "client/connection.hpp"

#include <boost/asio/ssl/error.hpp>

#include <algorithm>

namespace wsgate::client {

namespace {

constexpr std::size_t read_chunk = 64 * 1024;
// The transcript keeps the start of each piece; whole 16 MiB payloads would
// drown the report.
constexpr std::size_t transcript_bytes = 512;
constexpr std::size_t raw_keep = 1 << 20;
// A received frame's summary describes it; the start of its payload is kept
// beside it as evidence, not the whole of it.
constexpr std::size_t received_frame_bytes = 64;

std::string_view opcode_name(std::uint8_t opcode) {
    switch (opcode) {
        case ws::op::continuation: return "continuation";
        case ws::op::text: return "text";
        case ws::op::binary: return "binary";
        case ws::op::close: return "close";
        case ws::op::ping: return "ping";
        case ws::op::pong: return "pong";
        default: return "reserved";
    }
}

std::string first_line(std::string_view text) {
    return std::string(text.substr(0, std::min(text.find("\r\n"), text.size())));
}

}  // namespace

ws::frame_header client_frame(std::uint8_t opcode, bool fin) {
    ws::frame_header h;
    h.opcode = opcode;
    h.fin = fin;
    h.masked = true;
    h.mask = ws::random_mask();
    return h;
}

std::string describe_frame(const ws::frame_header& h, std::string_view payload) {
    std::string text(opcode_name(h.opcode));
    if (text == "reserved") text += " opcode " + std::to_string(h.opcode);
    text += h.fin ? " fin" : " more";
    if (h.rsv1) text += " rsv1";
    if (h.rsv2) text += " rsv2";
    if (h.rsv3) text += " rsv3";
    if (h.masked) text += " masked";
    text += " " + std::to_string(h.length) + " B";
    if (h.opcode == ws::op::close) {
        if (auto info = ws::parse_close_payload(payload); info && info->code)
            text += ": " + std::to_string(*info->code) + (info->reason.empty() ? "" : " " + info->reason);
    } else if (!payload.empty() && (h.opcode == ws::op::text || ws::is_control(h.opcode))) {
        const auto shown = payload.substr(0, summary_payload_bytes);
        text += ": " + std::string(shown) + (payload.size() > shown.size() ? "..." : "");
    }
    return text;
}

connection::connection(asio::io_context& ioc, std::string name)
    : name_(std::move(name)),
      transport_(std::make_shared<transport>(ioc)),
      created_(clock::now()),
      read_buffer_(read_chunk),
      frame_reader_(ws::role::client, max_message_size) {}

connection::~connection() { transport_->close(); }

void connection::start_handshake(const endpoint& ep, std::string request_bytes) {
    request_ = std::move(request_bytes);
    do_connect(ep);
}

void connection::start_raw(const endpoint& ep) {
    raw_mode_ = true;
    do_connect(ep);
}

void connection::do_connect(const endpoint& ep) {
    state_ = state::connecting;
    note(wire_event::direction::note,
         "connect " + ep.host + ":" + std::to_string(ep.port) + (ep.tls ? " (TLS)" : ""));
    transport_->async_connect(ep, [self = shared_from_this()](boost::system::error_code ec,
                                                                const std::string& what) {
        self->on_connect(ec, what);
    });
}

void connection::on_connect(boost::system::error_code ec, const std::string& what) {
    if (ec) {
        state_ = state::failed;
        error_ = what;
        note(wire_event::direction::note, what);
        return;
    }
    if (transport_->is_tls()) {
        const auto& t = transport_->tls();
        note(wire_event::direction::note, "TLS " + t.version + " " + t.cipher +
                                              (t.session_reused ? " (session reused)" : ""));
    }
    do_read();
    if (raw_mode_) {
        state_ = state::http;
        return;
    }
    state_ = state::handshaking;
    request_sent_ = clock::now();
    send_bytes(std::move(request_), {});
}

void connection::send_bytes(std::string bytes, std::string summary) {
    if (summary.empty()) summary = first_line(bytes);
    note(wire_event::direction::sent, std::move(summary), bytes);
    write_queue_.push_back(std::make_shared<const std::string>(std::move(bytes)));
    if (!writing_) do_write();
}

void connection::send_frame(const ws::frame_header& header, std::string_view payload) {
    ws::frame_header h = header;
    h.length = payload.size();
    auto bytes = ws::encode_frame(h, payload);
    send_bytes(std::move(bytes), describe_frame(h, payload));
}

void connection::do_write() {
    if (write_queue_.empty() || state_ == state::failed || state_ == state::closed) {
        writing_ = false;
        return;
    }
    writing_ = true;
    transport_->async_write(write_queue_.front(),
                            [self = shared_from_this()](boost::system::error_code ec) { self->on_write(ec); });
}

void connection::on_write(boost::system::error_code ec) {
    write_queue_.pop_front();
    if (ec) {
        writing_ = false;
        if (ec == asio::error::operation_aborted) return;
        note(wire_event::direction::note, "write failed: " + ec.message());
        if (ec == asio::error::connection_reset || ec == asio::error::broken_pipe) reset_by_peer_ = true;
        if (state_ == state::handshaking && error_.empty()) error_ = "sending the request failed: " + ec.message();
        write_queue_.clear();
        return;
    }
    do_write();
}

void connection::shutdown_send() {
    note(wire_event::direction::note, "half-close (FIN sent)");
    transport_->shutdown_send();
}

void connection::reset() {
    note(wire_event::direction::note, "reset (RST sent)");
    transport_->reset();
    state_ = state::closed;
}

void connection::close() {
    transport_->close();
    if (state_ != state::failed) state_ = state::closed;
}

void connection::do_read() {
    transport_->async_read_some(asio::buffer(read_buffer_),
                                [self = shared_from_this()](boost::system::error_code ec, std::size_t n) {
                                    self->on_read(ec, n);
                                });
}

void connection::on_read(boost::system::error_code ec, std::size_t n) {
    if (n > 0) {
        const std::string_view data(read_buffer_.data(), n);
        if (raw_in_.size() < raw_keep) raw_in_.append(data.substr(0, raw_keep - raw_in_.size()));
        if (state_ == state::open) {
            frame_reader_.feed(data.data(), data.size());
            consume_frames();
        } else {
            http_in_.append(data);
            consume_http();
        }
    }
    if (ec) {
        if (ec == asio::error::operation_aborted) return;
        const bool clean = ec == asio::error::eof || ec == asio::ssl::error::stream_truncated;
        if (ec == asio::error::connection_reset) reset_by_peer_ = true;
        eof_ = true;
        if (state_ == state::handshaking || state_ == state::http) {
            response_reader_.finish(responses_);
            if (state_ == state::handshaking && responses_.empty())
                error_ = "the connection closed before a response arrived (" + ec.message() + ")";
        }
        note(wire_event::direction::note,
             reset_by_peer_ ? "TCP reset by peer" : clean ? "TCP closed by peer" : "read failed: " + ec.message());
        if (state_ == state::handshaking) state_ = responses_.empty() ? state::failed : state::http;
        else if (state_ == state::open) state_ = state::closed;
        return;
    }
    do_read();
}

void connection::consume_http() {
    const auto before = responses_.size();
    const auto status = response_reader_.feed(http_in_, responses_);
    for (auto i = before; i < responses_.size(); ++i)
        note(wire_event::direction::received, first_line(responses_[i].head), responses_[i].head);
    if (state_ == state::handshaking && !responses_.empty()) {
        upgrade_time_ = std::chrono::duration_cast<std::chrono::microseconds>(clock::now() - request_sent_);
        state_ = state::http;
    }
    if (status == response_reader::result::error) {
        error_ = response_reader_.error();
        note(wire_event::direction::note, error_);
        return;
    }
    if (status == response_reader::result::switched) {
        state_ = state::open;
        const auto ext = responses_.back().joined("Sec-WebSocket-Extensions");
        deflate_ = ext && ext->find("permessage-deflate") != std::string::npos;
        frame_reader_.set_rsv1_allowed(deflate_);
        frame_reader_.feed(http_in_.data(), http_in_.size());
        http_in_.clear();
        consume_frames();
    }
}

void connection::consume_frames() {
    while (auto f = frame_reader_.next()) {
        note(wire_event::direction::received, describe_frame(f->header, f->payload),
             std::string_view(f->payload).substr(0, received_frame_bytes));
        frames_.push_back({std::move(*f), clock::now()});
    }
    if (frame_reader_.error() != ws::violation::none && protocol_error_ == ws::violation::none) {
        protocol_error_ = frame_reader_.error();
        note(wire_event::direction::note,
             "server broke RFC 6455: " + std::string(ws::describe(protocol_error_)));
    }
}

void connection::note(wire_event::direction dir, std::string summary, std::string_view bytes) {
    transcript_.push_back({clock::now(), dir, std::move(summary),
                           std::string(bytes.substr(0, transcript_bytes))});
}

}  // namespace wsgate::client
