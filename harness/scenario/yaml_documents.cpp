#include "scenario/yaml_documents.hpp"

#include "scenario/loader.hpp"
#include "wsgate/process.hpp"

#include <yaml-cpp/yaml.h>

#include <sys/wait.h>

#include <fstream>
#include <sstream>

namespace wsgate::scenario {

namespace {

std::string read_bounded(const std::filesystem::path& file) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    if (ec) throw scenario_error(file.string() + ": cannot read the file (" + ec.message() + ")");
    if (size > max_scenario_file_bytes)
        throw scenario_error(file.string() + ": " + std::to_string(size) + " bytes, more than the " +
                             std::to_string(max_scenario_file_bytes) + " a scenario file may have");
    std::ifstream in(file, std::ios::binary);
    if (!in) throw scenario_error(file.string() + ": cannot read the file");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

std::vector<YAML::Node> load_yaml_documents(const std::filesystem::path& file) {
    const auto text = read_bounded(file);
    // The trial parse: a syntax error is fine there (it is reported below,
    // with its line); only a hang or a crash is caught here.
    const auto trial = proc::run_bounded(
        [&text] {
            try {
                YAML::LoadAll(text);
            } catch (const YAML::Exception&) {
            }
        },
        yaml_parse_limit);
    if (!trial)
        throw scenario_error(file.string() + ": the YAML parser did not finish within " +
                             std::to_string(yaml_parse_limit.count() / 1000) +
                             " s; the file is not valid YAML (check anchors '&', aliases '*' and flow "
                             "punctuation ',[]{}')");
    if (!WIFEXITED(*trial) || WEXITSTATUS(*trial) != 0)
        throw scenario_error(file.string() + ": the YAML parser failed on this file (" +
                             proc::describe_status(*trial) + "); the file is not valid YAML");
    try {
        return YAML::LoadAll(text);
    } catch (const YAML::ParserException& e) {
        throw scenario_error(file.string() + ":" + std::to_string(e.mark.line + 1) + ": YAML syntax: " + e.msg);
    }
}

}  // namespace wsgate::scenario
