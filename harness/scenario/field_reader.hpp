// Reads the fields of a scenario file: one parser per field shape (numbers,
// flags, durations, byte strings, close codes, header checks, TLS options,
// frames, connect requests), each refusing a wrong shape with the file,
// line, case and step, so every step kind reads a shape the same way.
#pragma once

#include "engine/steps.hpp"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

namespace wsgate::scenario {

// A connect URL "{{endpoint:NAME}}": the endpoint a wsgate.yaml names.
inline constexpr const char* endpoint_url_prefix = "{{endpoint:";

// A close as a step writes it: a code, {code, reason}, or nothing (any close).
struct close_fields {
    std::optional<std::uint16_t> code;
    std::optional<std::string> reason;
};

class field_reader {
public:
    explicit field_reader(std::string file) : file_(std::move(file)) {}

    const std::string& file() const { return file_; }
    // Where errors say they are: the case, and the top-level step being read.
    void set_case(std::string id) { case_id_ = std::move(id); }
    void set_step(int index, std::string kind) {
        step_index_ = index;
        step_kind_ = std::move(kind);
    }

    [[noreturn]] void fail(const YAML::Node& at, const std::string& message) const;
    // Refuses a key of map that is not in known, listing the known ones.
    void only_keys(const YAML::Node& map, std::initializer_list<const char*> known) const;

    std::string str(const YAML::Node& n, const char* what) const;
    template <class T>
    T number(const YAML::Node& n, const char* what) const {
        const auto text = str(n, what);
        T value{};
        const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec != std::errc{} || ptr != text.data() + text.size())
            fail(n, std::string(what) + " must be a whole number, not \"" + text + "\"");
        return value;
    }
    bool flag(const YAML::Node& n, const char* what) const;
    engine::ms duration(const YAML::Node& n, const char* what) const;
    // One value or a list of them.
    std::vector<std::string> strings(const YAML::Node& n, const char* what) const;
    // Text as written, "hex:00ff10", or "repeat:N:TEXT" (TEXT N times: long
    // header values and request lines without pasting them into the file).
    std::string bytes(const YAML::Node& n, const char* what) const;
    close_fields close(const YAML::Node& n) const;
    // A ws:// or wss:// URL under key of a step that must have one.
    std::string url(const YAML::Node& step, const char* step_kind) const;

    // headers/present/absent/matches/contains of an expectation.
    std::vector<engine::header_expectation> header_checks(const YAML::Node& m) const;
    client::tls_options tls(const YAML::Node& n) const;
    engine::frame_spec frame(const YAML::Node& n) const;
    // A connect step, or the connection connect_many repeats (many_fields).
    engine::connect_step connect(const YAML::Node& n, bool many_fields) const;

private:
    std::string file_;
    std::string case_id_;
    int step_index_ = 0;
    std::string step_kind_;
};

}  // namespace wsgate::scenario
