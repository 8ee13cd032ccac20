#include "cli/sandbox_summary.hpp"

namespace wsgate::cli {

namespace {

constexpr const char* loopback = "127.0.0.1:";

std::string listener_text(const sandbox::listener& l) { return l.original + (l.ssl ? " ssl" : ""); }

}  // namespace

std::vector<harness::report::sandbox_row> sandbox_rows(const sandbox::sandbox_result& sandbox) {
    std::vector<harness::report::sandbox_row> rows;
    for (const auto& l : sandbox.listeners)
        rows.push_back({"listener", listener_text(l), loopback + std::to_string(l.port), l.source.text()});
    for (const auto& b : sandbox.backends)
        rows.push_back({"backend", b.id, loopback + std::to_string(b.port), b.source.text()});
    for (const auto& r : sandbox.rewrites) rows.push_back({"rewrite", r.directive + " " + r.before, r.after, r.source.text()});
    return rows;
}

void print_sandbox(std::ostream& out, const sandbox::sandbox_result& sandbox) {
    out << "sandbox: the config runs on loopback (its copy: " << sandbox.main_file.string() << ")\n";
    for (const auto& l : sandbox.listeners)
        out << "  listen " << listener_text(l) << " (" << l.source.text() << ") -> " << loopback << l.port << "\n";
    for (const auto& b : sandbox.backends)
        out << "  backend " << b.id << " (" << b.source.text() << ") -> " << loopback << b.port << "\n";
    out << "  " << sandbox.rewrites.size() << " directives changed in the copy (report.json lists them)\n";
}

}  // namespace wsgate::cli
