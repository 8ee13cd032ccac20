#include "cli/soak_command.hpp"

#include "cli/exit_codes.hpp"
#include "cli/interrupt.hpp"
#include "cli/locate.hpp"
#include "soak/soak_report.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <fstream>
#include <iostream>

namespace wsgate::cli {

namespace {

constexpr const char* seed_host = "api.example.com";

std::string attack_names() {
    std::string out;
    for (const auto& a : soak::attacks()) out += (out.empty() ? "" : ", ") + std::string(a.name);
    return out;
}

bool wanted(const std::vector<std::string>& victims, const std::string& kind) {
    return victims.empty() || std::find(victims.begin(), victims.end(), kind) != victims.end();
}

std::vector<soak::victim> victims_of(started_topology& topo, const std::vector<std::string>& wanted_victims) {
    std::vector<soak::victim> out;
    const auto ep = topo.proxy().endpoint();
    if (wanted(wanted_victims, "proxy") && topo.proxy().pid() > 0 && ep.ws_port > 0) {
        soak::victim proxy{topo.proxy().name(), topo.proxy().pid(), {ep.host, ep.ws_port, ep.wss_port, seed_host, "/ws/"}, {}};
        proxy.legit.push_back({ep.host, ep.ws_port, false, seed_host, "/ws/", {}});
        if (ep.wss_port > 0)
            proxy.legit.push_back({ep.host, ep.wss_port, true, seed_host, "/wss", (topo.context().pki_dir / "ca.pem").string()});
        out.push_back(std::move(proxy));
    }
    const auto* single = topo.where().find("single");
    if (wanted(wanted_victims, "echo") && single && topo.backends()) {
        soak::victim echo{"wsgate-echo", topo.backends()->pid_of("single"),
                          {single->host, single->port, 0, seed_host, "/ws/"}, {}};
        echo.legit.push_back({single->host, single->port, false, seed_host, "/ws/", {}});
        out.push_back(std::move(echo));
    }
    return out;
}

void write_reports(const soak_command_options& o, const std::vector<soak::soak_row>& rows, const std::string& note) {
    std::filesystem::create_directories(o.report_dir);
    std::ofstream md(o.report_dir / "soak.md");
    md << "# wsgate soak: " << o.topology.target << "\n\n" << soak::markdown_table(rows);
    if (!note.empty()) md << "\n" << note << "\n";
    auto json = soak::to_json(o.topology.target, rows);
    if (!note.empty()) json.as_object()["note"] = note;
    std::ofstream(o.report_dir / "soak.json") << boost::json::serialize(json) << "\n";
}

}  // namespace

int run_soak_command(soak_command_options options) {
    soak::soak_options soak;
    soak.per_attack = std::chrono::milliseconds(static_cast<long long>(options.seconds * 1000));
    for (const auto& name : options.attacks) {
        const auto* a = soak::find_attack(name);
        if (!a) {
            std::cerr << "wsgate soak: unknown attack \"" << name << "\" (attacks: " << attack_names() << ")\n";
            return exit_code::usage;
        }
        soak.attacks.push_back(a);
    }
    if (soak.attacks.empty())
        for (const auto& a : soak::attacks()) soak.attacks.push_back(&a);
    if (options.topology.target.starts_with("url=")) {
        std::cerr << "wsgate soak: a url= target is not started by wsgate, so its files and memory cannot be "
                     "watched; soak builtin, nginx, haproxy or caddy\n";
        return exit_code::usage;
    }

    options.topology.run_dir = options.report_dir / "run";
    start_problem problem;
    auto topo = start_topology(options.topology, "soak", problem);
    if (!topo) {
        write_reports(options, {}, problem.message);
        return problem.exit_code;
    }
    const auto victims = victims_of(*topo, options.victims);
    if (victims.empty()) {
        std::cerr << "wsgate soak: nothing to soak: " << topo->proxy().name()
                  << " has no process or listener wsgate can watch for the victims asked for\n";
        write_reports(options, {}, "nothing to soak");
        return exit_code::usage;
    }
    std::cout << "wsgate soak: " << soak.attacks.size() << " attacks x " << victims.size() << " victims, "
              << options.seconds << " s each, against " << topo->proxy().name() << std::endl;

    const auto rows = soak::run_soak(
        victims, soak, [&] { return topo->failure(); },
        [](const soak::soak_row& r) {
            std::cout << "  " << r.attack << " against " << r.victim << ": ";
            if (!r.skipped.empty())
                std::cout << "skipped (" << r.skipped << ")";
            else if (r.passed())
                std::cout << "survived, " << r.legit_messages << " legitimate echoes, 0 failures, fds " << r.fds.before
                          << "/" << r.fds.peak << "/" << r.fds.after;
            else
                std::cout << "FAILED: " << soak::failure_reasons(r);
            std::cout << std::endl;
        },
        interrupted);

    std::string note;
    const auto planned = soak.attacks.size() * victims.size();
    if (rows.size() < planned)
        note = std::to_string(planned - rows.size()) + " of " + std::to_string(planned) + " attacks not run: " +
               (interrupted() ? "interrupted" : "a process of the run ended: " + topo->failure());
    write_reports(options, rows, note);
    std::cout << "\n" << soak::markdown_table(rows);
    if (!note.empty()) std::cout << note << "\n";
    std::cout << "reports: " << (options.report_dir / "soak.md").string() << ", "
              << (options.report_dir / "soak.json").string() << std::endl;

    if (interrupted()) return exit_code::interrupted_by(interrupt_signal());
    const bool all_passed =
        rows.size() == planned && std::all_of(rows.begin(), rows.end(), [](const auto& r) { return r.passed(); });
    return all_passed ? exit_code::ok : exit_code::failed;
}

}  // namespace wsgate::cli
