#include "connection_registry.hpp"

#include <vector>

namespace wsgate::echo {

std::uint64_t connection_registry::add(std::weak_ptr<connection> c) {
    std::unique_lock lock(mutex_);
    const auto key = next_key_++;
    open_.emplace(key, c);
    if (stopping_) {
        lock.unlock();
        if (auto alive = c.lock()) alive->stop();
    }
    return key;
}

void connection_registry::remove(std::uint64_t key) {
    std::lock_guard lock(mutex_);
    open_.erase(key);
}

void connection_registry::stop_all() {
    std::vector<std::shared_ptr<connection>> alive;
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        for (const auto& [key, weak] : open_)
            if (auto c = weak.lock()) alive.push_back(std::move(c));
    }
    // Outside the lock: dropping the last reference runs a destructor that calls remove().
    for (const auto& c : alive) c->stop();
}

}  // namespace wsgate::echo
