// A user's own expectations of their config (wsgate.yaml beside it, or
// --expect FILE): endpoints discovery should leave out or add (a path for a
// regular-expression location), names for endpoints, and scenario files of
// their own whose connects name an endpoint as {{endpoint:NAME}}.
//
//   endpoints:
//     skip: ["ws://chat.example.org/"]          # URLs, or globs of them
//     add:
//       - {name: live, url: "wss://chat.example.org/live/42"}
//     names:
//       socketio: "wss://chat.example.org/socket.io/"
//   scenarios: [checks/socketio.yaml]           # relative to this file
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace wsgate::scenario {

struct expectations {
    std::filesystem::path file;
    struct added_endpoint {
        std::string name;  // may be empty
        std::string url;
        int line = 0;
    };
    std::vector<std::string> skip;
    std::vector<added_endpoint> add;
    std::map<std::string, std::string> names;     // name -> endpoint URL
    std::vector<std::filesystem::path> scenarios;  // absolute
};

// Throws scenario_error naming FILE:LINE for anything it does not know.
expectations load_expectations(const std::filesystem::path& file);

}  // namespace wsgate::scenario
