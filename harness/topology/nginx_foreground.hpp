// nginx under wsgate runs in the foreground, as wsgate's own child, so it is
// stopped on every exit path: a config that daemonises would leave its master
// behind, listening, outside wsgate's process group. The rendered copy keeps
// every other directive (and every line number) as the user wrote it.
#pragma once

#include <filesystem>

namespace wsgate::topology {

// Rewrites `daemon on;` in the rendered copy to `daemon off;` on its own line.
// Returns whether the command line still needs -g "daemon off;" (the config
// did not set daemon, and a second daemon directive would be refused).
bool keep_in_foreground(const std::filesystem::path& rendered);

}  // namespace wsgate::topology
