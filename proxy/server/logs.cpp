#include "server/logs.hpp"

#include <unistd.h>

#include <ctime>
#include <stdexcept>

namespace wsgate::proxy::server {

namespace {

const char* level_name(config::log_level l) {
    switch (l) {
        case config::log_level::debug: return "debug";
        case config::log_level::info: return "info";
        case config::log_level::notice: return "notice";
        case config::log_level::warn: return "warn";
        case config::log_level::error: return "error";
        case config::log_level::crit: return "crit";
        case config::log_level::alert: return "alert";
        case config::log_level::emerg: return "emerg";
    }
    return "error";
}

std::FILE* open_append(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "a");
    if (!f) throw std::runtime_error("open() \"" + path + "\" failed");
    return f;
}

}  // namespace

error_log::error_log(const std::string& path, config::log_level level) : level_(level) {
    if (path.empty() || path == "stderr") {
        file_ = stderr;
    } else {
        file_ = open_append(path);
        owned_ = true;
    }
}

error_log::~error_log() {
    if (owned_) std::fclose(file_);
}

void error_log::write(config::log_level level, std::uint64_t connection, const std::string& message) {
    if (!enabled(level)) return;
    char stamp[32];
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    std::strftime(stamp, sizeof stamp, "%Y/%m/%d %H:%M:%S", &tm);
    std::lock_guard lock(mutex_);
    if (connection)
        std::fprintf(file_, "%s [%s] %d#0: *%llu %s\n", stamp, level_name(level), static_cast<int>(::getpid()),
                     static_cast<unsigned long long>(connection), message.c_str());
    else
        std::fprintf(file_, "%s [%s] %d#0: %s\n", stamp, level_name(level), static_cast<int>(::getpid()),
                     message.c_str());
    std::fflush(file_);
}

void access_logs::open(const std::string& path) {
    std::lock_guard lock(mutex_);
    if (!files_.count(path)) files_[path] = open_append(path);
}

access_logs::~access_logs() {
    for (auto& [path, f] : files_) std::fclose(f);
}

void access_logs::write(const std::string& path, const std::string& line) {
    std::lock_guard lock(mutex_);
    auto it = files_.find(path);
    if (it == files_.end()) return;
    std::fputs(line.c_str(), it->second);
    std::fflush(it->second);
}

}  // namespace wsgate::proxy::server
