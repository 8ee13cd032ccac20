// The proxy under test. One small class per kind (built-in proxy, nginx, an
// already running URL) behind one interface, so another proxy is one file.
#pragma once

#include "topology/backends.hpp"
#include "topology/config_template.hpp"
#include "topology/layout.hpp"

#include "sandbox/sandbox.hpp"

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace wsgate::topology {

struct target_context {
    layout where;
    std::filesystem::path run_dir;      // this target's pid, logs, rendered config
    std::filesystem::path bin_dir;      // where wsgate-proxy and wsgate-echo are
    std::filesystem::path pki_dir;      // server.pem, server.key, ca.pem
    std::optional<std::filesystem::path> user_config;  // --config FILE instead of the seed template
    // The user's own config (no placeholders) made runnable on loopback;
    // `where` then holds its listeners and backends.
    std::optional<sandbox::sandbox_result> sandbox;
    // The proxy's own start, as long as a backend's: a proxy that is not
    // listening by then is stuck.
    std::chrono::milliseconds start_timeout = backend_start_limit;
    int proxy_cpu = -1;    // >= 0: the proxy runs on this CPU only (comparisons)
    int backends_cpu = -1; // >= 0: the backends run on this CPU only
};

struct proxy_endpoint {
    std::string host;           // address to connect to
    std::uint16_t ws_port = 0;  // 0: no plain listener
    std::uint16_t wss_port = 0; // 0: no TLS listener
    std::string path_prefix;    // url targets: the path the URL names
};

class target {
public:
    virtual ~target() = default;
    virtual std::string name() const = 0;
    // False for a deployment that wsgate does not control: cases that need
    // backend introspection or faults are skipped there.
    virtual bool has_backends() const = 0;
    // Starts the proxy and waits until it accepts connections. Throws
    // start_error with the reason and the log's tail.
    virtual void start(const target_context& ctx) = 0;
    virtual void stop() = 0;
    // Empty while healthy, else how the process ended.
    virtual std::string failure() = 0;
    // The proxy's error log and console output, for reports.
    virtual std::string logs() const = 0;
    virtual proxy_endpoint endpoint() const = 0;
    // The language of the configs it reads (nginx syntax for wsgate-proxy
    // and nginx): a user's own config in it is sandboxed before the run.
    // None for targets that take no config.
    virtual std::optional<sandbox::config_language> config_language() const { return std::nullopt; }
    // The proxy's process, for CPU and memory figures; 0 when wsgate did not start it.
    virtual int pid() const { return 0; }
};

// "builtin", "nginx", "haproxy", "caddy", "direct" or
// "url=ws[s]://HOST:PORT/PATH". Throws std::invalid_argument naming the
// accepted kinds.
std::unique_ptr<target> make_target(const std::string& spec);

// Fills the seed template in that dialect (or the user's config) for this run
// and writes it to ctx.run_dir/file_name; returns the path. extra adds
// placeholders a proxy needs beyond the common ones.
std::filesystem::path write_config(const target_context& ctx, config_dialect dialect, const std::string& file_name,
                                   const std::map<std::string, std::string>& extra = {});

}  // namespace wsgate::topology
