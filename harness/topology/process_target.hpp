// A proxy that wsgate starts itself from a rendered config. wsgate-proxy and
// Debian's nginx share the nginx-syntax template and differ only in their
// command line; other proxies bring their own template and checks.
#pragma once

#include "topology/target.hpp"

#include "wsgate/process.hpp"

#include <vector>

namespace wsgate::topology {

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
    // NAME=VALUE added to the process's environment.
    virtual std::vector<std::string> environment(const target_context& ctx) const { return {}; }

private:
    std::optional<proc::child> process_;
    std::filesystem::path run_dir_;
    proxy_endpoint endpoint_;
};

// Runs a checking command (`nginx -t`, `haproxy -c`) to completion; a
// non-zero exit is a config_error whose text is the command's whole output
// (every problem it found, its notices left out) with the rendered copy's
// path replaced by the user's file: rendering keeps line numbers, so
// FILE:LINE points into what the user wrote.
void check_config(const std::vector<std::string>& argv, const std::filesystem::path& log, const std::string& who,
                  const target_context& ctx, const std::filesystem::path& rendered,
                  const std::vector<std::string>& env = {});

// Throws start_error naming the Debian package when binary is missing.
void require_binary(const std::filesystem::path& binary, const std::string& package);

class builtin_target final : public process_target {
public:
    std::string name() const override { return "builtin"; }

protected:
    std::vector<std::string> command(const target_context& ctx,
                                     const std::filesystem::path& config) const override;
    void prepare(const target_context& ctx, const std::filesystem::path& config) const override;
};

class nginx_target final : public process_target {
public:
    std::string name() const override { return "nginx"; }

protected:
    std::vector<std::string> command(const target_context& ctx,
                                     const std::filesystem::path& config) const override;
    // Also keeps nginx in the foreground (nginx_foreground.hpp).
    void prepare(const target_context& ctx, const std::filesystem::path& config) const override;

private:
    mutable bool needs_daemon_flag_ = false;
};

}  // namespace wsgate::topology
