// Runs a client io_context until a condition holds or a deadline passes, so
// scenario steps read top to bottom: "send, then wait up to 1 s for the echo".
#pragma once

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <functional>

namespace wsgate::client {

// True when done() became true before the deadline. Returns early (false)
// when nothing is pending any more, since then done() cannot change.
bool pump_until(boost::asio::io_context& ioc, const std::function<bool()>& done,
                std::chrono::steady_clock::time_point deadline);

// Runs whatever is ready for the given time, for "nothing arrives for N ms".
void pump_for(boost::asio::io_context& ioc, std::chrono::steady_clock::duration how_long);

}  // namespace wsgate::client
