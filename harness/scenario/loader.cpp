#include "scenario/loader.hpp"

#include "scenario/step_readers.hpp"
#include "scenario/yaml_documents.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <map>

namespace wsgate::scenario {

namespace {

namespace fs = std::filesystem;

harness::report::level level_of(const field_reader& r, const YAML::Node& n) {
    const auto level = r.str(n, "level");
    if (level == "required") return harness::report::level::required;
    if (level == "recommended") return harness::report::level::recommended;
    if (level == "informational") return harness::report::level::informational;
    r.fail(n, "level must be required, recommended or informational");
}

scenario_case read_case(step_reader& r, const YAML::Node& doc, const std::string& group) {
    r.set_case({});
    if (!doc.IsMap()) r.fail(doc, "a scenario document is a mapping (id, title, requirement, steps, ...)");
    if (doc["id"]) r.set_case(r.str(doc["id"], "id"));
    r.only_keys(doc, {"id", "title", "requirement", "level", "tags", "targets", "skip", "timeout", "steps"});
    for (const char* required : {"id", "title", "requirement", "steps"})
        if (!doc[required]) r.fail(doc, std::string("missing \"") + required + "\"");
    scenario_case c;
    c.id = r.str(doc["id"], "id");
    c.group = group;
    c.title = r.str(doc["title"], "title");
    c.requirement = r.str(doc["requirement"], "requirement");
    if (doc["level"]) c.severity = level_of(r, doc["level"]);
    if (doc["tags"]) c.tags = r.strings(doc["tags"], "tags");
    if (doc["targets"]) c.targets = r.strings(doc["targets"], "targets");
    if (doc["skip"]) c.skip = r.str(doc["skip"], "skip");
    if (doc["timeout"]) c.timeout = r.duration(doc["timeout"], "timeout");
    c.steps = r.steps(doc["steps"]);
    if (c.steps.empty()) r.fail(doc["steps"], "a case needs at least one step");
    c.file = r.file();
    c.line = doc.Mark().line + 1;
    return c;
}

}  // namespace

std::chrono::milliseconds parse_duration(const std::string& text) {
    double value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || value < 0) throw std::invalid_argument("not a duration: \"" + text + "\" (use 250ms, 2s, 1m)");
    const std::string unit(ptr, static_cast<std::size_t>(text.data() + text.size() - ptr));
    double factor = 0;
    if (unit.empty() || unit == "ms") factor = 1;
    else if (unit == "s") factor = 1000;
    else if (unit == "m") factor = 60000;
    else throw std::invalid_argument("unknown unit in \"" + text + "\" (use ms, s or m)");
    return std::chrono::milliseconds(static_cast<long long>(value * factor));
}

std::vector<scenario_case> load_file(const fs::path& file, const std::string& group) {
    const auto docs = load_yaml_documents(file);
    step_reader r(file.string());
    std::vector<scenario_case> cases;
    for (const auto& doc : docs) {
        if (doc.IsNull()) continue;
        try {
            cases.push_back(read_case(r, doc, group));
        } catch (const YAML::Exception& e) {
            throw scenario_error(file.string() + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
        }
    }
    return cases;
}

std::vector<scenario_case> load_tree(const fs::path& root) {
    std::vector<fs::path> files;
    if (fs::is_regular_file(root)) {
        files.push_back(root);
    } else {
        if (!fs::is_directory(root)) throw scenario_error(root.string() + ": no such scenario file or folder");
        for (const auto& entry : fs::recursive_directory_iterator(root))
            if (entry.is_regular_file() && entry.path().extension() == ".yaml") files.push_back(entry.path());
        std::sort(files.begin(), files.end());
    }
    std::vector<scenario_case> all;
    std::map<std::string, std::string> seen;
    for (const auto& file : files) {
        const auto base = fs::is_directory(root) ? root : root.parent_path();
        const auto rel = fs::relative(file.parent_path(), base).generic_string();
        for (auto& c : load_file(file, rel == "." ? std::string() : rel)) {
            if (auto [it, fresh] = seen.emplace(c.id, c.file + ":" + std::to_string(c.line)); !fresh)
                throw scenario_error(c.file + ":" + std::to_string(c.line) + ": case id \"" + c.id +
                                     "\" is already used at " + it->second);
            all.push_back(std::move(c));
        }
    }
    return all;
}

}  // namespace wsgate::scenario
