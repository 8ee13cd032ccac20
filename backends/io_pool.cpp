#include "io_pool.hpp"

namespace wsgate::echo {

io_pool::io_pool(unsigned threads) {
    for (unsigned i = 0; i < threads; ++i) contexts_.push_back(std::make_unique<boost::asio::io_context>(1));
}

io_pool::~io_pool() {
    for (auto& c : contexts_) c->stop();
    for (auto& t : threads_)
        if (t.joinable()) t.join();
}

boost::asio::strand<boost::asio::io_context::executor_type> io_pool::next_strand() {
    return boost::asio::make_strand(*contexts_[next_++ % contexts_.size()]);
}

void io_pool::start() {
    running_ = contexts_.size();
    for (auto& c : contexts_) {
        guards_.push_back(boost::asio::make_work_guard(*c));
        threads_.emplace_back([this, &c = *c] {
            c.run();
            std::lock_guard lock(mutex_);
            --running_;
            idle_.notify_all();
        });
    }
}

bool io_pool::drain(std::chrono::milliseconds timeout) {
    guards_.clear();
    bool drained;
    {
        std::unique_lock lock(mutex_);
        drained = idle_.wait_for(lock, timeout, [this] { return running_ == 0; });
    }
    for (auto& c : contexts_) c->stop();
    for (auto& t : threads_) t.join();
    return drained;
}

}  // namespace wsgate::echo
