// Every open connection of the process, so SIGTERM can say goodbye to each
// (close 1001 on WebSockets) before the process exits.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace wsgate::echo {

class connection {
public:
    virtual ~connection() = default;
    // Called from any thread; the connection winds down on its own strand.
    virtual void stop() = 0;
};

class connection_registry {
public:
    // Returns the key for remove(). A connection added after stop_all() is
    // stopped at once, so none slips through a shutdown.
    std::uint64_t add(std::weak_ptr<connection> c);
    void remove(std::uint64_t key);
    void stop_all();

private:
    std::mutex mutex_;
    std::unordered_map<std::uint64_t, std::weak_ptr<connection>> open_;
    std::uint64_t next_key_ = 0;
    bool stopping_ = false;
};

}  // namespace wsgate::echo
