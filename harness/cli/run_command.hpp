// `wsgate run`: the conformance suite (or the selected cases) against one
// target, with reports.
#pragma once

#include "cli/run_context.hpp"
#include "engine/runner.hpp"
#include "report/result.hpp"
#include "scenario/expectations.hpp"
#include "scenario/scenario_case.hpp"

#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace wsgate::cli {

struct run_options {
    topology_options topology;
    std::vector<std::string> selectors;
    std::vector<std::string> tags;
    std::vector<std::string> excludes;  // case id globs left out of the run
    std::filesystem::path scenario_dir;
    std::filesystem::path report_dir = "reports/latest";
    unsigned jobs = 4;
    unsigned repeat = 1;
    std::optional<double> timeout_seconds;  // overrides every case's timeout
    bool list = false;
    bool verbose = false;
    bool strict = false;  // recommended cases fail the run
    // For url= targets: verify against this CA (default: the test CA), or
    // not at all, and send this name as Host and SNI.
    std::string ca_file;
    bool insecure = false;
    std::string host_name;
    // Fault cases (backends killed or stopped) of the seed or a template run
    // each on a topology of its own, in parallel with the rest.
    bool faults_on_own_topologies = false;
    // The user's expectations of their own config: --expect FILE, else a
    // wsgate.yaml beside the config (scenario/expectations.hpp).
    std::optional<std::filesystem::path> expect_file;
    std::optional<scenario::expectations> expected;
};

int run_suite(const run_options& options);

// The cases the options select (selectors, tags, excludes). Throws
// scenario::scenario_error for a malformed file.
std::vector<scenario::scenario_case> select_suite(const run_options& options);

// What a case can reach on topo, with the options' trust and names.
engine::environment environment_for(started_topology& topo, const run_options& options);

// How the engine runs cases on topo: jobs, interrupts, topo's health, and
// on_case_done under out with the proxy's log of a failing case.
engine::run_options case_options(started_topology& topo, const run_options& options, std::mutex& out,
                                 const std::function<void(const harness::report::case_result&)>& on_case_done);

// Runs the cases against a started topology; on_case_done sees each result
// as it finishes (one at a time).
harness::report::run_result run_on(started_topology& topo, const std::vector<scenario::scenario_case>& cases,
                                   const run_options& options,
                                   const std::function<void(const harness::report::case_result&)>& on_case_done);

}  // namespace wsgate::cli
