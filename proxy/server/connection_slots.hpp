// A worker's worker_connections, taken as nginx takes them
// (ngx_get_connection): each listening socket, client connection and
// upstream connection holds a slot until it closes, so a tunnel holds two.
// When none is free nginx logs "N worker_connections are not enough" and
// closes the new connection (or fails the upstream connect with 500). One
// per worker thread, so nothing is locked.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>

namespace wsgate::proxy::server {

class connection_slots;

// One taken slot, given back when it is destroyed.
class connection_slot {
public:
    connection_slot() = default;
    explicit connection_slot(connection_slots* owner) : owner_(owner) {}
    connection_slot(connection_slot&& other) noexcept : owner_(std::exchange(other.owner_, nullptr)) {}
    connection_slot& operator=(connection_slot&& other) noexcept;
    ~connection_slot();

private:
    connection_slots* owner_ = nullptr;
};

class connection_slots {
public:
    explicit connection_slots(std::size_t limit) : limit_(limit) {}
    connection_slots(const connection_slots&) = delete;
    connection_slots& operator=(const connection_slots&) = delete;

    // A slot for a new connection, or nullopt when every one is taken.
    std::optional<connection_slot> take() {
        if (used_ >= limit_) return std::nullopt;
        ++used_;
        return connection_slot(this);
    }
    // nginx's alert when take() finds none.
    std::string not_enough() const { return std::to_string(limit_) + " worker_connections are not enough"; }

private:
    friend class connection_slot;
    std::size_t limit_;
    std::size_t used_ = 0;
};

inline connection_slot& connection_slot::operator=(connection_slot&& other) noexcept {
    if (owner_) --owner_->used_;
    owner_ = std::exchange(other.owner_, nullptr);
    return *this;
}

inline connection_slot::~connection_slot() {
    if (owner_) --owner_->used_;
}

}  // namespace wsgate::proxy::server
