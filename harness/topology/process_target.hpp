// A proxy that wsgate starts itself from a rendered config. wsgate-proxy and
// Debian's nginx share the nginx-syntax template and differ only in their
// command line; other proxies bring their own template and checks.
#pragma once

#include "topology/target.hpp"

#include "sandbox/sandbox.hpp"

#include "wsgate/process.hpp"

#include <utility>
#include <vector>

namespace wsgate::topology {

// Each file the proxy reads and the user's file it was written from.
using path_map = std::vector<std::pair<std::filesystem::path, std::filesystem::path>>;

// text with every copy's path replaced by the user's file.
std::string in_user_files(std::string text, const path_map& user_files);

class process_target : public target {
public:
    bool has_backends() const override { return true; }
    void start(const target_context& ctx) override;
    void stop() override;
    std::string failure() override;
    std::string logs() const override;
    proxy_endpoint endpoint() const override;
    int pid() const override { return process_ ? process_->pid() : 0; }

protected:
    // The command that runs the proxy in the foreground with this config.
    virtual std::vector<std::string> command(const target_context& ctx,
                                             const std::filesystem::path& config) const = 0;
    // Run by start() before the process: `-t`-style validation, folders.
    virtual void prepare(const target_context& ctx, const std::filesystem::path& config) const {}
    // Writes this run's config into ctx.run_dir and returns its path: by
    // default the nginx-syntax template as proxy.conf.
    virtual std::filesystem::path render_config(const target_context& ctx) const {
        return write_config(ctx, config_dialect::nginx, "proxy.conf");
    }
    // Run by start() once every port accepts connections: what else the proxy
    // must have done before it serves (Caddy: issue its certificates). Throws
    // start_error when deadline passes first.
    virtual void await_ready(const target_context& ctx, std::chrono::steady_clock::time_point deadline) const {}
    // NAME=VALUE added to the process's environment.
    virtual std::vector<std::string> environment(const target_context& ctx) const { return {}; }
    // The files the proxy reads, mapped to the user's: its messages and logs
    // are shown with the user's paths. By default the rendered config.
    virtual path_map user_files(const target_context& ctx, const std::filesystem::path& config) const;

private:
    path_map user_paths_;
    std::optional<proc::child> process_;
    std::filesystem::path run_dir_;
    proxy_endpoint endpoint_;
};



// Runs a checking command (`nginx -t`, `haproxy -c`) to completion; a
// non-zero exit is a config_error whose text is the command's whole output
// (every problem it found, its notices left out) with each copy's path
// replaced by the user's file: rendering and the sandbox keep line numbers,
// so FILE:LINE points into what the user wrote.
void check_config(const std::vector<std::string>& argv, const std::filesystem::path& log, const std::string& who,
                  const path_map& user_files, const std::vector<std::string>& env = {});

// Throws start_error naming the Debian package when binary is missing.
void require_binary(const std::filesystem::path& binary, const std::string& package);

// wsgate-proxy and nginx read the same files. The proxy runs the sandbox's
// copy: the user's own config sandboxed by the topology (ctx.sandbox), or
// the template rendered for this run with its paths, daemon and includes
// sandboxed (its placeholders already chose loopback and the test PKI).
class nginx_syntax_target : public process_target {
public:
    std::optional<sandbox::config_language> config_language() const override {
        return sandbox::config_language::nginx;
    }

protected:
    std::filesystem::path render_config(const target_context& ctx) const override;
    // The sandbox's copies, mapped to the user's files.
    path_map user_files(const target_context& ctx, const std::filesystem::path& config) const override;

    mutable sandbox::sandbox_result sandbox_;
};

class builtin_target final : public nginx_syntax_target {
public:
    std::string name() const override { return "builtin"; }

protected:
    std::vector<std::string> command(const target_context& ctx,
                                     const std::filesystem::path& config) const override;
    void prepare(const target_context& ctx, const std::filesystem::path& config) const override;
};

// nginx runs in the foreground, as wsgate's own child, so it is stopped on
// every exit path: the sandbox turns `daemon on` off, and a config that says
// nothing gets -g "daemon off;".
class nginx_target final : public nginx_syntax_target {
public:
    std::string name() const override { return "nginx"; }

protected:
    std::vector<std::string> command(const target_context& ctx,
                                     const std::filesystem::path& config) const override;
    void prepare(const target_context& ctx, const std::filesystem::path& config) const override;
};

}  // namespace wsgate::topology
