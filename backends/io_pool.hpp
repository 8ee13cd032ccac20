// One io_context per thread. Connections are spread over them round-robin,
// each on a strand of its own.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace wsgate::echo {

class io_pool {
public:
    explicit io_pool(unsigned threads);
    ~io_pool();

    // Acceptors and signals live here.
    boost::asio::io_context& first() { return *contexts_.front(); }
    boost::asio::strand<boost::asio::io_context::executor_type> next_strand();

    void start();
    // Lets each thread end once its context has no more work, waits up to
    // timeout, then stops what is left. Returns false if it had to stop something.
    bool drain(std::chrono::milliseconds timeout);

private:
    using work_guard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;

    std::vector<std::unique_ptr<boost::asio::io_context>> contexts_;
    std::vector<work_guard> guards_;
    std::vector<std::thread> threads_;
    std::atomic<std::size_t> next_{0};
    std::mutex mutex_;
    std::condition_variable idle_;
    std::size_t running_ = 0;
};

}  // namespace wsgate::echo
