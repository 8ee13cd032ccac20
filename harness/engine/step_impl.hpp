// One function per step kind (engine-internal; run_steps.cpp dispatches).
#pragma once

#include "engine/case_state.hpp"
#include "engine/steps.hpp"

namespace wsgate::engine {

void do_connect(case_state& s, const connect_step& st);
void do_expect_handshake(case_state& s, const expect_handshake_step& st);
void do_send(case_state& s, const send_step& st);
void do_expect(case_state& s, const expect_step& st);
void do_backend_saw(case_state& s, const backend_saw_step& st);
void do_backend(case_state& s, const backend_step& st);
void do_connect_many(case_state& s, const connect_many_step& st);
void do_expect_distribution(case_state& s, const expect_distribution_step& st);
void do_load(case_state& s, const load_step& st);

// Header checks shared by expect_handshake and backend_saw; headers as
// received, names compared case-insensitively. Throws step_failure.
void check_headers(const std::vector<std::pair<std::string, std::string>>& headers,
                   const std::vector<header_expectation>& wanted, const std::string& where, const environment& env);

}  // namespace wsgate::engine
