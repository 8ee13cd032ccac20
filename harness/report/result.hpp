// What a run produced, independent of how it is shown: the scenario engine
// fills it, the report writers (console, JUnit, JSON, Markdown, HTML) read it.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace wsgate::harness::report {

enum class outcome { passed, failed, skipped, error };

// How much a failing case matters (the conformance suite's levels).
enum class level { required, recommended, informational };

// One line of a case's wire transcript, in the order it happened.
struct transcript_entry {
    double at_ms = 0;       // since the case started
    std::string direction;  // "client>proxy", "proxy>client", "backend", "harness"
    std::string kind;       // "handshake-request", "handshake-response", "frame", "observation", "note"
    std::string text;       // as on the wire for handshakes, a one-line summary for frames
};

struct step_result {
    std::size_t index = 0;  // 1-based position in the case's steps
    std::string name;       // step type as written: "connect", "expect", ...
    outcome result = outcome::passed;
    double duration_ms = 0;
    std::string message;    // one line: what was checked
    std::string expected;   // on failure
    std::string actual;     // on failure
    std::string diagnosis;  // likely cause, for failed handshakes and similar
};

struct case_result {
    std::string id;          // "handshake/accept-key"
    std::string group;       // "handshake"
    std::string title;
    std::string requirement; // "RFC 6455 §4.2.2: ..."
    level severity = level::required;
    std::vector<std::string> tags;
    std::string file;        // scenario file it came from
    outcome result = outcome::passed;
    std::string skip_reason;
    double duration_ms = 0;
    std::vector<step_result> steps;
    std::vector<transcript_entry> transcript;
    std::vector<double> handshake_ms;         // every handshake the case made
    std::vector<double> round_trip_ms;        // every message round trip it measured
    std::map<std::string, std::string> logs;  // process name -> log tail, kept on failure
};

// How one case counts in a run's totals. Every output of a run (console,
// junit.xml, report.json, summary.md, report.html) counts with this one
// rule, defined in reports/README.md ("Totals"):
//   passed   the case ran and every step held;
//   failed   a step did not hold and the case's level fails the run
//            (required, or recommended under --strict);
//   finding  a step did not hold at a level that does not fail the run;
//   skipped  the case did not apply (the reason is kept);
//   error    the case could not be carried out (the harness, the proxy or a
//            backend failed it, or the run stopped before it): always fails.
enum class tally { passed, failed, finding, skipped, error };

tally tally_of(const case_result& c, bool strict);

// "passed", "failed", "finding", "skipped", "error".
std::string tally_name(tally t);

struct counts {
    std::size_t passed = 0;
    std::size_t failed = 0;
    std::size_t findings = 0;
    std::size_t skipped = 0;
    std::size_t errors = 0;

    std::size_t total() const { return passed + failed + findings + skipped + errors; }
    bool fails_run() const { return failed + errors > 0; }
};

// "12 passed, 1 failed, 2 findings, 3 skipped, 0 errors": the totals as every
// output writes them.
std::string totals_line(const counts& c);

// How the run moved the user's own config to loopback: one row per
// listener, backend and changed directive, with its place in the user's files.
struct sandbox_row {
    std::string kind;      // "listener", "backend" or "rewrite"
    std::string original;  // "*:443 ssl", "chat_nodes/node1.internal:3000", "ssl_certificate /etc/..."
    std::string now;       // "127.0.0.1:30402", "(removed)", a file in the run folder
    std::string source;    // FILE:LINE
};

struct run_result {
    std::string tool_version;
    std::string target;        // "builtin", "nginx", "url=wss://..."
    std::string config_path;   // proxy config used, empty for url targets
    std::string started_at;    // ISO 8601 UTC
    double duration_ms = 0;
    bool strict = false;       // recommended cases fail the run
    std::vector<case_result> cases;
    std::map<std::string, std::string> logs;  // process name -> log tail, on failure
    std::vector<sandbox_row> sandbox;         // empty: a template or the seed, run as written
    bool interrupted = false;                 // Ctrl-C or a signal ended it early

    counts totals() const;
};

// "passed", "failed" or "interrupted": the run's verdict as a word, the same
// in every output; a run that could not start fails through its error cases.
std::string verdict(const run_result& run);

// The likely causes the failed and error cases name, each with how many
// cases name it, most first: forty failures of one missing header read as
// one problem.
std::vector<std::pair<std::string, std::size_t>> likely_causes(const run_result& run);

// The run's cases in the order a reader wants them: failed, error, finding,
// passed, skipped; the file order is kept within each.
std::vector<const case_result*> worst_first(const run_result& run);

}  // namespace wsgate::harness::report
