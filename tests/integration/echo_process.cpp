#include "echo_process.hpp"

#include "paths.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace wsgate::testing {

namespace {

proc::spawn_options command(const std::filesystem::path& dir, std::uint16_t port,
                            std::vector<std::string> args) {
    std::vector<std::string> argv{(bin_dir() / "wsgate-echo").string(), "--ready-file",
                                  (dir / "ready").string()};
    if (std::find(args.begin(), args.end(), "--listen") == args.end())
        args.insert(args.begin(), {"--listen", "127.0.0.1:" + std::to_string(port) + "=single"});
    argv.insert(argv.end(), args.begin(), args.end());
    const auto log = (dir / "log").string();
    return {.argv = std::move(argv), .stdout_path = log, .stderr_path = log};
}

}  // namespace

echo_process::echo_process(std::vector<std::string> args)
    : dir_(scratch_dir("echo")), port_(free_port()), child_(command(dir_, port_, std::move(args))) {
    if (!proc::wait_for_file((dir_ / "ready").string(), std::chrono::seconds(10)))
        throw std::runtime_error("wsgate-echo did not become ready:\n" + log());
    std::ifstream in(dir_ / "ready");
    for (std::string id, address, scheme; in >> id >> address >> scheme;) ready_[id] = address + " " + scheme;
}

std::string echo_process::log() const {
    std::ifstream in(dir_ / "log");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace wsgate::testing
