#include "scenario/expectations.hpp"

#include "scenario/field_reader.hpp"
#include "scenario/loader.hpp"
#include "scenario/yaml_documents.hpp"

namespace wsgate::scenario {

namespace {

std::string endpoint_url(const field_reader& r, const YAML::Node& n, const char* what) {
    const auto url = r.str(n, what);
    if (!url.starts_with("ws://") && !url.starts_with("wss://")) r.fail(n, std::string(what) + " must be a ws:// or wss:// URL");
    return url;
}

void read_endpoints(const field_reader& r, const YAML::Node& e, expectations& out) {
    r.only_keys(e, {"skip", "add", "names"});
    if (e["skip"]) out.skip = r.strings(e["skip"], "skip");
    if (e["add"]) {
        if (!e["add"].IsSequence()) r.fail(e["add"], "add must be a list of {name, url}");
        for (const auto& item : e["add"]) {
            if (!item.IsMap()) r.fail(item, "each added endpoint is {name, url}");
            r.only_keys(item, {"name", "url"});
            if (!item["url"]) r.fail(item, "an added endpoint needs a url");
            expectations::added_endpoint a{item["name"] ? r.str(item["name"], "name") : "",
                                           endpoint_url(r, item["url"], "url"), item.Mark().line + 1};
            if (!a.name.empty()) out.names[a.name] = a.url;
            out.add.push_back(std::move(a));
        }
    }
    if (e["names"]) {
        if (!e["names"].IsMap()) r.fail(e["names"], "names maps a name to an endpoint URL");
        for (const auto& kv : e["names"]) out.names[kv.first.as<std::string>()] = endpoint_url(r, kv.second, "names");
    }
}

}  // namespace

expectations load_expectations(const std::filesystem::path& file) {
    const auto docs = load_yaml_documents(file);
    field_reader r(file.string());
    expectations out;
    out.file = std::filesystem::absolute(file);
    try {
        for (const auto& doc : docs) {
            if (doc.IsNull()) continue;
            if (!doc.IsMap()) r.fail(doc, "an expectations file is a map (endpoints, scenarios)");
            r.only_keys(doc, {"endpoints", "scenarios"});
            if (doc["endpoints"]) read_endpoints(r, doc["endpoints"], out);
            if (doc["scenarios"])
                for (const auto& s : r.strings(doc["scenarios"], "scenarios"))
                    out.scenarios.push_back(std::filesystem::absolute(out.file.parent_path() / s));
        }
    } catch (const YAML::Exception& e) {
        throw scenario_error(file.string() + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
    }
    return out;
}

}  // namespace wsgate::scenario
