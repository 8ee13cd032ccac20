// Attacks that send hostile bytes: oversized heads, broken chunked bodies,
// NUL bytes, garbage and impossible frames after an upgrade, TLS garbage.
// All share run_scripts: a few connections in parallel, each bounded.
#include "soak/attack_kinds.hpp"

#include "client/request.hpp"

#include "wsgate/frame.hpp"

#include <algorithm>
#include <array>
#include <random>
#include <thread>
#include <vector>

namespace wsgate::soak {

namespace {

using namespace std::chrono_literals;

constexpr unsigned script_workers = 4;
// Far above what the workers manage in an attack's time on loopback: the
// count bound beside the time bound.
constexpr std::uint64_t max_scripts = 1'000'000;
constexpr auto connect_limit = 2s;
constexpr auto head_limit = 2s;
// How long one hostile connection waits for the server to answer or close.
constexpr auto answer_limit = 2s;
// A refusing server is not asked again in a tight loop.
constexpr auto refused_pause = 10ms;
constexpr std::size_t huge_line = 1 << 20;
constexpr std::size_t many_header_lines = 10'000;
constexpr std::size_t garbage_size = 64 * 1024;
constexpr std::size_t endless_extension = 256 * 1024;
// What follows a header that announces far more: enough for a server to
// start reading, a sliver of what it was promised.
constexpr std::size_t announced_sample = 1024;
// The same for the TLS record that announces 16 KiB.
constexpr std::size_t record_sample = 512;

std::string random_bytes(std::size_t n, std::uint64_t seed) {
    std::mt19937_64 random(seed);
    std::string out(n, '\0');
    for (auto& c : out) c = static_cast<char>(random());
    return out;
}

std::string request_head(const victim_endpoint& victim, std::string_view method, std::string_view extra) {
    return std::string(method) + " " + victim.ws_path + " HTTP/1.1\r\nHost: " + victim.host_header + "\r\n" +
           std::string(extra);
}

// An upgrade, then after the 101 the bytes given.
hostile_script after_upgrade(const victim_endpoint& victim, std::string after) {
    return {upgrade_request(victim), true, std::move(after)};
}

std::string client_frame(ws::frame_header h, std::string_view payload) {
    h.masked = true;
    h.mask = ws::random_mask();
    return ws::encode_frame(h, payload);
}

// A header announcing length, then a few payload bytes: the server must not
// wait for (or allocate) the whole announced payload.
std::string announced_length(std::uint64_t length) {
    std::string out{static_cast<char>(0x82), static_cast<char>(0xff)};
    for (int shift = 56; shift >= 0; shift -= 8) out += static_cast<char>((length >> shift) & 0xff);
    out += std::string(4, '\x5a');
    out += std::string(announced_sample, 'x');
    return out;
}

}  // namespace

std::string upgrade_request(const victim_endpoint& victim) {
    client::upgrade_request request;
    request.target = victim.ws_path;
    request.host = victim.host_header;
    return client::build_upgrade_request(request).bytes;
}

void run_scripts(const victim_endpoint& victim, std::uint16_t port, clock::time_point until, attack_tally& tally,
                 const std::function<hostile_script(std::uint64_t)>& make) {
    std::atomic<std::uint64_t> next{0};
    std::vector<std::jthread> workers;
    for (unsigned w = 0; w < script_workers; ++w)
        workers.emplace_back([&] {
            for (auto n = next++; n < max_scripts && clock::now() < until; n = next++) {
                const auto script = make(n);
                raw_connection c;
                ++tally.connections;
                if (!c.connect(victim.host, port, std::min(until, clock::now() + connect_limit))) {
                    ++tally.refused;
                    std::this_thread::sleep_for(refused_pause);
                    continue;
                }
                const auto limit = std::min(until, clock::now() + answer_limit);
                std::size_t received = 0;
                bool open = c.write_all(script.before, limit);
                if (open && script.wait_for_head) {
                    std::string head;
                    open = c.read_until(head, "\r\n\r\n", std::min(limit, clock::now() + head_limit));
                    received = head.size();
                    if (open) open = c.write_all(script.after, limit);
                }
                if (!open || c.wait_for_close(limit, received)) ++tally.closed;
                if (received > 0) ++tally.answered;
            }
        });
}

void huge_heads(const victim_endpoint& victim, clock::time_point until, attack_tally& tally) {
    run_scripts(victim, victim.port, until, tally, [&](std::uint64_t n) -> hostile_script {
        switch (n % 3) {
            case 0:
                return {request_head(victim, "GET", "X-Big: " + std::string(huge_line, 'a') + "\r\n\r\n")};
            case 1:
                return {"GET /" + std::string(huge_line, 'b') + " HTTP/1.1\r\nHost: " + victim.host_header +
                        "\r\n\r\n"};
            default: {
                std::string lines;
                for (std::size_t i = 0; i < many_header_lines; ++i) lines += "X-" + std::to_string(i) + ": v\r\n";
                return {request_head(victim, "GET", lines + "\r\n")};
            }
        }
    });
}

void bad_chunked(const victim_endpoint& victim, clock::time_point until, attack_tally& tally) {
    const auto post = request_head(victim, "POST", "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
    const std::array bodies{
        std::string("13\r\n0123456789abcdefghi\r\nffffffffffffffed\r\n"),
        std::string("zz\r\n"),
        std::string("-1\r\n"),
        std::string("5\nhello\n0\n\n"),
        std::string("5;") + std::string(endless_extension, 'e'),
        std::string("ffff\r\nshort"),
        std::string("10000000000000000\r\n"),
    };
    run_scripts(victim, victim.port, until, tally,
                [&](std::uint64_t n) -> hostile_script { return {post + bodies[n % bodies.size()]}; });
}

void nul_bytes(const victim_endpoint& victim, clock::time_point until, attack_tally& tally) {
    using namespace std::string_literals;
    const std::array heads{
        "GET / HTTP/1.1\0\r\nHost: "s + victim.host_header + "\r\nConnection: close\r\n\r\n",
        request_head(victim, "GET", "X-Nul: a\0b\r\nConnection: close\r\n\r\n"s),
        "GET /ws%00x HTTP/1.1\r\nHost: "s + victim.host_header +
            "\r\nUpgrade: websocket\r\nConnection: Upgrade, close\r\nSec-WebSocket-Version: 13\r\n"
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
        "\0\0\0\0\r\n\r\n"s,
    };
    run_scripts(victim, victim.port, until, tally,
                [&](std::uint64_t n) -> hostile_script { return {heads[n % heads.size()]}; });
}

void garbage_after_101(const victim_endpoint& victim, clock::time_point until, attack_tally& tally) {
    run_scripts(victim, victim.port, until, tally,
                [&](std::uint64_t n) { return after_upgrade(victim, random_bytes(garbage_size, n)); });
}

void huge_frame_lengths(const victim_endpoint& victim, clock::time_point until, attack_tally& tally) {
    constexpr std::uint64_t top_bit = std::uint64_t{1} << 63;
    run_scripts(victim, victim.port, until, tally, [&](std::uint64_t n) {
        return after_upgrade(victim, announced_length(n % 2 == 0 ? top_bit - 1 : top_bit));
    });
}

void bad_frames(const victim_endpoint& victim, clock::time_point until, attack_tally& tally) {
    run_scripts(victim, victim.port, until, tally, [&](std::uint64_t n) {
        ws::frame_header h;
        std::string payload = "hostile";
        switch (n % 4) {
            case 0:
                return after_upgrade(victim, ws::encode_frame(h, payload));  // unmasked
            case 1:
                h.opcode = 0x3;
                break;
            case 2:
                h.rsv2 = h.rsv3 = true;
                break;
            default:
                h.opcode = ws::op::ping;
                payload.assign(ws::max_control_payload + 1, 'p');
                break;
        }
        return after_upgrade(victim, client_frame(h, payload));
    });
}

void tls_garbage(const victim_endpoint& victim, clock::time_point until, attack_tally& tally) {
    using namespace std::string_literals;
    // A handshake record announcing 16 KiB, and a ClientHello cut after its header.
    const auto big_record = "\x16\x03\x01\x40\x00"s + std::string(record_sample, '\x01');
    const auto cut_hello = "\x16\x03\x01\x00\xc8\x01\x00\x00\xc4\x03\x03"s;
    run_scripts(victim, victim.tls_port, until, tally, [&](std::uint64_t n) -> hostile_script {
        switch (n % 3) {
            case 0:
                return {random_bytes(garbage_size, n)};
            case 1:
                return {big_record};
            default:
                return {cut_hello};
        }
    });
}

}  // namespace wsgate::soak
