// nginx's two logs: the error log with levels ("2026/11/25 05:00:00 [error]
// 123#0: *4 message") and the access logs, each line in its log_format.
#pragma once

#include "config/model.hpp"

#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace wsgate::proxy::server {

class error_log {
public:
    // Empty path: stderr. Throws std::runtime_error when the file cannot be opened.
    error_log(const std::string& path, config::log_level level);
    ~error_log();

    void write(config::log_level level, std::uint64_t connection, const std::string& message);
    bool enabled(config::log_level level) const { return level >= level_; }

private:
    std::mutex mutex_;
    std::FILE* file_ = nullptr;
    bool owned_ = false;
    config::log_level level_;
};

// One open file per distinct access_log path, shared by every server and
// location that names it.
class access_logs {
public:
    void open(const std::string& path);
    // line: already formatted (config::evaluate_log), with its newline.
    void write(const std::string& path, const std::string& line);
    ~access_logs();

private:
    std::mutex mutex_;
    std::map<std::string, std::FILE*> files_;
};

}  // namespace wsgate::proxy::server
