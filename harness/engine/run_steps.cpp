#include "engine/run_steps.hpp"

#include "engine/step_failure.hpp"
#include "engine/step_impl.hpp"
#include "engine/wire.hpp"

namespace wsgate::engine {

namespace report = harness::report;

void execute(case_state& s, report::case_result& r, const step& st) {
    std::visit(
        [&](const auto& body) {
            using T = std::decay_t<decltype(body)>;
            if constexpr (std::is_same_v<T, connect_step>) do_connect(s, body);
            else if constexpr (std::is_same_v<T, expect_handshake_step>) do_expect_handshake(s, body);
            else if constexpr (std::is_same_v<T, send_step>) do_send(s, body);
            else if constexpr (std::is_same_v<T, expect_step>) do_expect(s, body);
            else if constexpr (std::is_same_v<T, backend_saw_step>) do_backend_saw(s, body);
            else if constexpr (std::is_same_v<T, backend_step>) do_backend(s, body);
            else if constexpr (std::is_same_v<T, connect_many_step>) do_connect_many(s, body);
            else if constexpr (std::is_same_v<T, expect_distribution_step>) do_expect_distribution(s, body);
            else if constexpr (std::is_same_v<T, load_step>) do_load(s, body);
            else if constexpr (std::is_same_v<T, sleep_step>) pause(s, body.duration);
            else if constexpr (std::is_same_v<T, repeat_step>) {
                for (std::size_t i = 0; i < body.count; ++i)
                    for (const auto& inner : body.steps) execute(s, r, inner);
            }
        },
        st.body);
}

void run_steps(case_state& s, report::case_result& r, const std::vector<step>& steps) {
    for (const auto& st : steps) {
        report::step_result sr;
        sr.index = r.steps.size() + 1;
        sr.name = st.name;
        const auto started = clock::now();
        try {
            execute(s, r, st);
            sr.result = report::outcome::passed;
        } catch (const step_failure& e) {
            sr.result = report::outcome::failed;
            sr.message = e.what();
            sr.expected = e.expected;
            sr.actual = e.actual;
            sr.diagnosis = e.diagnosis;
            sr.duration_ms = std::chrono::duration<double, std::milli>(clock::now() - started).count();
            r.steps.push_back(std::move(sr));
            throw;
        }
        sr.duration_ms = std::chrono::duration<double, std::milli>(clock::now() - started).count();
        r.steps.push_back(std::move(sr));
    }
}

namespace {

template <class Pred>
bool any_step(const std::vector<step>& steps, Pred pred) {
    for (const auto& st : steps) {
        if (pred(st)) return true;
        if (const auto* rep = std::get_if<repeat_step>(&st.body); rep && any_step(rep->steps, pred)) return true;
    }
    return false;
}

}  // namespace

bool needs_backends(const std::vector<step>& steps) {
    return any_step(steps, [](const step& st) {
        return std::holds_alternative<backend_saw_step>(st.body) || std::holds_alternative<backend_step>(st.body) ||
               std::holds_alternative<expect_distribution_step>(st.body);
    });
}

bool disturbs_backends(const std::vector<step>& steps) {
    return any_step(steps, [](const step& st) {
        const auto* b = std::get_if<backend_step>(&st.body);
        return b && b->what != backend_step::kind::control;
    });
}

bool loads_the_proxy(const std::vector<step>& steps) {
    return any_step(steps, [](const step& st) { return std::holds_alternative<load_step>(st.body); });
}

}  // namespace wsgate::engine
