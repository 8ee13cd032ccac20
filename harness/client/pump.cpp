#include "client/pump.hpp"

#include <thread>

namespace wsgate::client {

bool pump_until(boost::asio::io_context& ioc, const std::function<bool()>& done,
                std::chrono::steady_clock::time_point deadline) {
    while (!done()) {
        if (std::chrono::steady_clock::now() >= deadline) return false;
        if (ioc.stopped()) ioc.restart();
        // run_one_until returns 0 both on timeout and when no work is left;
        // the loop head tells them apart.
        if (ioc.run_one_until(deadline) == 0 && ioc.stopped() &&
            std::chrono::steady_clock::now() < deadline)
            return done();
    }
    return true;
}

void pump_for(boost::asio::io_context& ioc, std::chrono::steady_clock::duration how_long) {
    const auto deadline = std::chrono::steady_clock::now() + how_long;
    pump_until(ioc, [] { return false; }, deadline);
    std::this_thread::sleep_until(deadline);
}

}  // namespace wsgate::client
