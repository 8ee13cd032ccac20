#include "engine/case_state.hpp"

#include "engine/step_failure.hpp"

namespace wsgate::engine {

case_state::case_state(const environment& env) : env_(env) {}

case_state::~case_state() {
    // Closing cancels every pending operation; polling runs the cancelled
    // handlers, which hold the last references to their connections.
    for (auto& c : history_) c->close();
    ioc_.restart();
    ioc_.poll();
    connections_.clear();
    history_.clear();
}

std::shared_ptr<client::connection> case_state::add(const std::string& name) {
    auto c = std::make_shared<client::connection>(ioc_, name);
    connections_[name] = c;
    inflaters.erase(name);
    history_.push_back(c);
    return c;
}

client::connection& case_state::get(const std::string& name) {
    auto it = connections_.find(name);
    if (it == connections_.end())
        throw step_failure("no connection named \"" + name + "\" (open it with a connect step first)");
    return *it->second;
}

}  // namespace wsgate::engine
