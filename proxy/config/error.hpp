// Configuration errors, worded the way "nginx -t" words them.
#pragma once

#include "model.hpp"

#include <stdexcept>
#include <string>
#include <vector>

namespace wsgate::proxy::config {

// what() is nginx's text: "unknown directive "x" in /etc/nginx.conf:12", or
// the bare message when nginx names no place ("no "events" section in
// configuration").
class config_error : public std::runtime_error {
public:
    config_error(const std::string& message, const source_location& where);
    explicit config_error(const std::string& message);

    const std::string& message() const { return message_; }
    const source_location& where() const { return where_; }  // line 0: no place

private:
    std::string message_;
    source_location where_;
};

// Every directive of a config that nginx takes and wsgate-proxy does not,
// found in one reading; what() is the first, all() each in file order.
class refused_directives : public config_error {
public:
    explicit refused_directives(std::vector<config_error> all);
    const std::vector<config_error>& all() const { return all_; }

private:
    std::vector<config_error> all_;
};

// "MESSAGE in FILE:LINE", nginx's ngx_conf_log_error() suffix.
std::string at(const std::string& message, const source_location& where);

}  // namespace wsgate::proxy::config
