#include "load/send_wheel.hpp"

namespace wsgate::load {

send_wheel::send_wheel(boost::asio::any_io_executor executor) : timer_(executor) {}

void send_wheel::add(std::shared_ptr<paced_sender> sender, clock::time_point first) {
    due_.push({first, std::move(sender)});
    arm();
}

// The timer waits for the earliest entry; an earlier one added meanwhile
// moves it (the wait in flight then ends as aborted and is ignored).
void send_wheel::arm() {
    if (due_.empty()) return;
    const auto earliest = due_.top().at;
    if (armed_for_ && *armed_for_ <= earliest) return;
    armed_for_ = earliest;
    timer_.expires_at(earliest);
    timer_.async_wait([this, earliest](const boost::system::error_code& ec) {
        if (ec || armed_for_ != earliest) return;
        armed_for_.reset();
        send_all_due();
    });
}

void send_wheel::send_all_due() {
    const auto now = clock::now();
    while (!due_.empty() && due_.top().at <= now) {
        auto e = due_.top();
        due_.pop();
        if (const auto next = e.sender->send_due(now)) due_.push({*next, std::move(e.sender)});
    }
    arm();
}

}  // namespace wsgate::load
