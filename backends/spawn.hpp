// co_spawn for connection coroutines: an exception that escapes one is logged
// and ends only that connection, never the process.
#pragma once

#include "log.hpp"

#include <boost/asio/co_spawn.hpp>

#include <exception>
#include <string>

namespace wsgate::echo {

template <class Executor, class Function>
void spawn(const Executor& executor, Function&& f) {
    boost::asio::co_spawn(executor, std::forward<Function>(f), [](std::exception_ptr e) {
        if (!e) return;
        try {
            std::rethrow_exception(e);
        } catch (const std::exception& x) {
            log_line(std::string("connection ended by an exception: ") + x.what());
        } catch (...) {
            log_line("connection ended by an unknown exception");
        }
    });
}

}  // namespace wsgate::echo
