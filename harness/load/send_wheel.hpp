// One thread's sends of the open model: every connection's next intended
// send time in one heap and one timer for the earliest of them, so a wakeup
// sends everything due, across the thread's connections, in one pass. A
// timer and a coroutine resumption per message per connection cost the
// generator more CPU than the messages themselves.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <queue>
#include <vector>

namespace wsgate::load {

// A connection the wheel paces.
class paced_sender {
public:
    using clock = std::chrono::steady_clock;
    virtual ~paced_sender() = default;
    // Sends every message due by now; the next one's intended time, or
    // nullopt when the connection sends no more.
    virtual std::optional<clock::time_point> send_due(clock::time_point now) = 0;
};

class send_wheel {
public:
    using clock = paced_sender::clock;

    explicit send_wheel(boost::asio::any_io_executor executor);
    send_wheel(const send_wheel&) = delete;
    send_wheel& operator=(const send_wheel&) = delete;

    // sender's first message is due at first.
    void add(std::shared_ptr<paced_sender> sender, clock::time_point first);
    std::size_t pending() const { return due_.size(); }

private:
    struct entry {
        clock::time_point at;
        std::shared_ptr<paced_sender> sender;
        bool operator>(const entry& other) const { return at > other.at; }
    };

    void arm();
    void send_all_due();

    std::priority_queue<entry, std::vector<entry>, std::greater<>> due_;
    boost::asio::steady_timer timer_;
    std::optional<clock::time_point> armed_for_;  // the expiry of the wait in flight
};

}  // namespace wsgate::load
