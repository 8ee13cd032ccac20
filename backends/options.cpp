#include "options.hpp"

#include "wsgate/seed.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cctype>
#include <set>
#include <stdexcept>
#include <thread>

namespace wsgate::echo {

namespace {

// Beyond names such as "b1": the sandbox names a backend after the address
// it stands in for ("chat_nodes/chat-1.internal:3000", "app/[::]:80").
bool valid_id(std::string_view id) {
    return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("-_./:[]").find(c) != std::string_view::npos;
    });
}

// parse_host_port refuses port 0; a listener may ask for it to get any free port.
std::optional<host_port> parse_bind_address(std::string_view text) {
    if (!text.ends_with(":0")) return parse_host_port(text);
    auto parsed = parse_host_port(std::string(text.substr(0, text.size() - 1)) + "1");
    if (parsed) parsed->port = 0;
    return parsed;
}

void check_unique_ids(const std::vector<listen_spec>& listeners) {
    std::set<std::string> seen;
    for (const auto& l : listeners)
        if (!seen.insert(l.id).second)
            throw CLI::ValidationError("--listen", "backend id \"" + l.id + "\" is used twice");
}

void check_tls_files(const options& o) {
    const bool any_tls =
        std::any_of(o.listeners.begin(), o.listeners.end(), [](const listen_spec& l) { return l.tls; });
    if (any_tls && (o.tls_cert.empty() || o.tls_key.empty()))
        throw CLI::ValidationError("--listen", "a tls listener needs --tls-cert and --tls-key");
    if (!any_tls && (!o.tls_cert.empty() || !o.tls_key.empty()))
        throw CLI::ValidationError("--tls-cert", "no --listen ADDR:PORT=ID,tls listener uses it");
}

}  // namespace

listen_spec parse_listen_spec(std::string_view text) {
    const auto equals = text.rfind('=');
    if (equals == std::string_view::npos)
        throw std::invalid_argument("\"" + std::string(text) + "\" is not ADDR:PORT=ID[,tls]");
    listen_spec spec;
    std::string_view id = text.substr(equals + 1);
    if (id.ends_with(",tls")) {
        spec.tls = true;
        id.remove_suffix(4);
    }
    if (!valid_id(id))
        throw std::invalid_argument("\"" + std::string(text) +
                                    "\": the id must be letters, digits and -_./:[]");
    spec.id = std::string(id);
    const auto address_text = text.substr(0, equals);
    auto address = parse_bind_address(address_text);
    if (!address)
        throw std::invalid_argument("\"" + std::string(address_text) +
                                    "\" is not ADDR:PORT (port 0 picks a free port)");
    if (!is_loopback(address->host))
        throw std::invalid_argument(address->host +
                                    " is not a loopback address; wsgate-echo listens only on "
                                    "127.0.0.0/8 and ::1");
    if (address->host == "localhost") address->host = "127.0.0.1";
    spec.address = std::move(*address);
    return spec;
}

std::vector<listen_spec> seed_listeners() {
    std::vector<listen_spec> out;
    for (const auto& b : seed::backends) out.push_back({std::string(b.id), {std::string(b.host), b.port}, false});
    return out;
}

command_line parse_command_line(int argc, const char* const* argv) {
    CLI::App app{
        "wsgate-echo: mock WebSocket backend. Echoes every frame as received and obeys "
        "wsgate: control messages (backends/README.md).",
        "wsgate-echo"};
    options o;
    o.threads = std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::string> listens;
    bool no_deflate = false;
    app.add_option("--listen", listens,
                   "ADDR:PORT=ID[,tls]: serve backend ID on a loopback address (repeatable). "
                   "Port 0 picks a free port; ,tls makes it a wss listener. Default: the seed "
                   "topology, single on 127.0.0.1:8282 and b1..b3 on 127.0.0.10..12:8010");
    app.add_option("--tls-cert", o.tls_cert, "PEM certificate chain for the tls listeners")
        ->check(CLI::ExistingFile);
    app.add_option("--tls-key", o.tls_key, "PEM private key for the tls listeners")->check(CLI::ExistingFile);
    app.add_option("--ready-file", o.ready_file,
                   "written once every listener is bound: a line \"ID ADDR:PORT ws|wss\" each");
    app.add_option("--threads", o.threads, "I/O threads, one io_context each")
        ->check(CLI::Range(1, 64))
        ->capture_default_str();
    app.add_option("--max-message", o.max_message, "largest message in bytes; a bigger one gets close 1009")
        ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 40))
        ->capture_default_str();
    app.add_flag("--no-deflate", no_deflate, "refuse permessage-deflate");

    try {
        app.parse(argc, argv);
        for (const auto& text : listens) {
            try {
                o.listeners.push_back(parse_listen_spec(text));
            } catch (const std::invalid_argument& e) {
                throw CLI::ValidationError("--listen", e.what());
            }
        }
        if (o.listeners.empty()) o.listeners = seed_listeners();
        check_unique_ids(o.listeners);
        check_tls_files(o);
    } catch (const CLI::ParseError& e) {
        return {std::nullopt, app.exit(e) == 0 ? 0 : 2};
    }
    o.deflate = !no_deflate;
    return {std::move(o), 0};
}

}  // namespace wsgate::echo
