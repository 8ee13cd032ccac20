// A proxy that wsgate starts itself from the rendered nginx-syntax config:
// wsgate-proxy and Debian's nginx differ only in their command line.
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

private:
    std::optional<proc::child> process_;
    std::filesystem::path run_dir_;
    proxy_endpoint endpoint_;
};

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
    void prepare(const target_context& ctx, const std::filesystem::path& config) const override;
};

}  // namespace wsgate::topology
