// Everything one running case owns: its io_context, its named connections,
// what it measured. Cases run on their own thread each, so nothing here is
// shared between cases.
#pragma once

#include "client/connection.hpp"
#include "engine/environment.hpp"

#include "wsgate/deflate.hpp"

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace wsgate::engine {

using clock = std::chrono::steady_clock;

class case_state {
public:
    explicit case_state(const environment& env);
    ~case_state();

    const environment& env() const { return env_; }
    boost::asio::io_context& ioc() { return ioc_; }
    clock::time_point started() const { return started_; }
    // No wait of any step goes past this (the case's timeout).
    clock::time_point deadline = clock::time_point::max();

    // A new connection under name, replacing an earlier one of that name.
    std::shared_ptr<client::connection> add(const std::string& name);
    // Throws step_failure for a name no step opened.
    client::connection& get(const std::string& name);
    const std::map<std::string, std::shared_ptr<client::connection>>& connections() const { return connections_; }

    // Every connection ever opened, for the transcript, in opening order.
    const std::vector<std::shared_ptr<client::connection>>& history() const { return history_; }

    std::vector<double> handshake_ms;
    std::vector<double> round_trip_ms;
    // What steps measured beyond pass or fail (a load burst's figures), for
    // the transcript.
    std::vector<std::pair<clock::time_point, std::string>> notes;
    // Server-to-client inflaters per connection name (permessage-deflate).
    std::map<std::string, std::unique_ptr<ws::inflater>> inflaters;
    // The Sec-WebSocket-Key each connection sent, to check the accept value.
    std::map<std::string, std::string> keys;
    // The path each connection asked for, for diagnoses.
    std::map<std::string, std::string> paths;
    // The last message each connection sent, for expect echo.
    std::map<std::string, std::string> last_message;
    // The time a message was last sent per connection, for round trips.
    std::map<std::string, clock::time_point> last_send;

private:
    environment env_;
    boost::asio::io_context ioc_{1};
    clock::time_point started_ = clock::now();
    std::map<std::string, std::shared_ptr<client::connection>> connections_;
    std::vector<std::shared_ptr<client::connection>> history_;
};

}  // namespace wsgate::engine
