// Helpers of the proxy unit tests: nginx configurations written to a scratch
// folder and loaded, and the seed topology (docs/architecture.md) as a runnable file.
#pragma once

#include "config/error.hpp"
#include "config/loader.hpp"
#include "paths.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace wsgate::testing {

inline void write_file(const std::filesystem::path& path, const std::string& text) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

// The seed guide's three blocks on loopback, the way the harness renders them
// for nginx: the ws location and the upstream location on the plain port, the
// wss location on the TLS port.
inline std::string seed_config() {
    return R"(worker_processes 1;
daemon off;
pid nginx.pid;
error_log logs/error.log info;

events {
    worker_connections 1024;
}

http {
    access_log logs/access.log;
    client_body_temp_path tmp/client_body;
    proxy_temp_path tmp/proxy;
    fastcgi_temp_path tmp/fastcgi;
    uwsgi_temp_path tmp/uwsgi;
    scgi_temp_path tmp/scgi;

    map $http_upgrade $connection_upgrade {
        default upgrade;
        ''      close;
    }

    upstream websocket {
        server 127.0.0.10:8010;
        server 127.0.0.11:8010;
        server 127.0.0.12:8010;
    }

    server {
        listen 127.0.0.1:8080;
        server_name api.example.com;

        location /ws/ {
            proxy_pass http://127.0.0.1:8282;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "Upgrade";
            proxy_set_header Host $host;
        }

        location / {
            proxy_pass http://websocket;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $host;
        }
    }

    server {
        listen 127.0.0.1:8443 ssl;
        server_name api.example.com;

        ssl_certificate ssl/server.pem;
        ssl_certificate_key ssl/server.key;
        ssl_session_timeout 5m;
        ssl_session_cache shared:SSL:50m;
        ssl_protocols TLSv1 TLSv1.1 TLSv1.2;
        ssl_ciphers HIGH:!aNULL:!MD5;

        location /wss {
            proxy_pass http://127.0.0.1:8282;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "Upgrade";
            proxy_set_header X-Real-IP $remote_addr;
        }
    }
}
)";
}

// A loaded configuration and the folder its file is in.
struct loaded_config {
    std::filesystem::path dir;
    proxy::config::main_config config;
};

inline loaded_config load_text(const std::string& text, const std::string& name = "config") {
    loaded_config result;
    result.dir = scratch_dir(name);
    write_file(result.dir / "nginx.conf", text);
    result.config = proxy::config::load((result.dir / "nginx.conf").string());
    return result;
}

// The message loading text fails with, its folder written as "D".
inline std::string load_error(const std::string& text) {
    const auto dir = scratch_dir("config-error");
    write_file(dir / "nginx.conf", text);
    try {
        proxy::config::load((dir / "nginx.conf").string());
    } catch (const proxy::config::config_error& e) {
        const std::string message = e.what(), folder = dir.string();
        std::string shown;
        std::size_t from = 0;
        for (auto at = message.find(folder); at != std::string::npos; at = message.find(folder, from)) {
            shown.append(message, from, at - from);
            shown += 'D';
            from = at + folder.size();
        }
        return shown.append(message, from);
    }
    return "loaded without error";
}

// "events {}" and an http block around body (body starts on line 3).
inline std::string in_http(const std::string& body) { return "events {}\nhttp {\n" + body + "\n}\n"; }

// The location of server index server with exactly this path.
inline const wsgate::proxy::config::location_block& location(const wsgate::proxy::config::main_config& c, std::size_t server, const std::string& path) {
    const auto& locations = c.servers.at(server).locations;
    const auto it = std::find_if(locations.begin(), locations.end(), [&](const auto& l) { return l.path == path; });
    if (it == locations.end()) throw std::runtime_error("no location " + path);
    return *it;
}

inline std::string header_value(const wsgate::proxy::config::location_block& l, const std::string& name) {
    for (const auto& h : l.set_headers)
        if (h.name == name) return h.value.source;
    return "(none)";
}

inline std::vector<std::string> header_names(const std::vector<wsgate::proxy::config::header_directive>& headers) {
    std::vector<std::string> names;
    for (const auto& h : headers) names.push_back(h.name);
    return names;
}

}  // namespace wsgate::testing
