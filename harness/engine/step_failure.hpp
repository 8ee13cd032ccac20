// A check that did not hold: what was expected, what happened, and the
// likely cause when one can be named.
#pragma once

#include <stdexcept>
#include <string>

namespace wsgate::engine {

struct step_failure : std::runtime_error {
    step_failure(std::string message, std::string expected = {}, std::string actual = {}, std::string diagnosis = {})
        : std::runtime_error(message),
          expected(std::move(expected)),
          actual(std::move(actual)),
          diagnosis(std::move(diagnosis)) {}
    std::string expected;
    std::string actual;
    std::string diagnosis;
};

// The case cannot run here (for example, it needs backend introspection on a
// url target); the case is skipped with this reason.
struct step_skip : std::runtime_error {
    using std::runtime_error::runtime_error;
};

}  // namespace wsgate::engine
