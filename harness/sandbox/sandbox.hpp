// A user's proxy config made runnable in a run's folder: what the sandbox
// wrote, and every address, path and certificate it changed, each with the
// place in the user's files it came from. Everything else stays as written,
// line for line, so the proxy's messages point into the user's files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace wsgate::sandbox {

// The config cannot be run safely as written (a syntax error, an address the
// sandbox cannot tell, too many ports); what() names FILE:LINE in the
// user's files, every problem on its own line.
struct sandbox_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// "FILE:LINE" in the user's files.
struct origin {
    std::filesystem::path file;
    int line = 0;
    std::string text() const { return file.string() + ":" + std::to_string(line); }
};

// One listening socket of the config, moved to loopback.
struct listener {
    std::string original;  // "*:80", "[::]:443", "edge.internal:8080", "unix:/run/x.sock"
    origin source;         // its first listen
    std::uint16_t port = 0;  // on 127.0.0.1
    bool ssl = false;
};

// One upstream address of the config, served by a mock echo backend.
struct backend {
    std::string id;        // "chat_nodes/node1.internal:3000", or "node1.internal:3000" for a proxy_pass host
    std::string original;  // the address as the config names it
    origin source;
    std::uint16_t port = 0;  // on 127.0.0.1
};

// One change to the user's text, for the report: what, where, and why.
struct rewrite {
    origin source;
    std::string directive;
    std::string before;
    std::string after;
};

// The languages of the configs the sandbox reads.
enum class config_language { nginx, haproxy, caddy };

struct sandbox_result {
    config_language language = config_language::nginx;
    std::filesystem::path main_file;  // the copy of the user's main file, what the proxy runs
    // Each copy written and the user's file it came from, for mapping messages back.
    std::vector<std::pair<std::filesystem::path, std::filesystem::path>> copies;
    std::vector<listener> listeners;
    std::vector<backend> backends;
    std::vector<rewrite> rewrites;
    // Some file of the config sets `daemon` (after the sandbox: off), so the
    // command line must not add its own.
    bool sets_daemon = false;
};

}  // namespace wsgate::sandbox
