// The step kinds of a scenario file as a table from name to reader: each
// reader turns the step's value in the file into its engine step, with the
// shared field parsers of field_reader.
#pragma once

#include "engine/steps.hpp"
#include "scenario/field_reader.hpp"

#include <string_view>
#include <utility>
#include <vector>

namespace wsgate::scenario {

using step_body = decltype(engine::step{}.body);

class step_reader : public field_reader {
public:
    using field_reader::field_reader;

    // One step: a mapping with exactly one key, the step's kind.
    engine::step step(const YAML::Node& n);
    // A list of steps (a case's, or a repeat's).
    std::vector<engine::step> steps(const YAML::Node& n);

private:
    int depth_ = 0;  // inside repeat: errors keep naming the top-level step
};

using step_read = step_body (*)(step_reader& r, const YAML::Node& value);

// Every step kind and its reader, in the order the format documents them.
const std::vector<std::pair<std::string_view, step_read>>& step_table();

// The readers of the message steps (message_step_readers.cpp).
step_body read_send(step_reader& r, const YAML::Node& v);
step_body read_expect(step_reader& r, const YAML::Node& v);

}  // namespace wsgate::scenario
