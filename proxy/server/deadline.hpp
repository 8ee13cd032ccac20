// A timer that ends an operation by closing what it waits on: armed before a
// read or write, cancelled after it. Expired() tells a timeout from an error.
#pragma once

#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <functional>
#include <memory>

namespace wsgate::proxy::server {

class deadline {
public:
    explicit deadline(const boost::asio::any_io_executor& executor) : timer_(executor) {}

    void arm(std::chrono::milliseconds after, std::function<void()> on_expire) {
        expired_ = false;
        timer_.expires_after(after);
        timer_.async_wait([this, generation = ++generation_, on_expire = std::move(on_expire)](
                              boost::system::error_code ec) {
            if (ec || generation != generation_) return;
            expired_ = true;
            on_expire();
        });
    }
    void cancel() {
        ++generation_;
        timer_.cancel();
    }
    bool expired() const { return expired_; }

private:
    boost::asio::steady_timer timer_;
    std::uint64_t generation_ = 0;
    bool expired_ = false;
};

}  // namespace wsgate::proxy::server
