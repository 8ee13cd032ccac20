#include "control.hpp"

#include <charconv>
#include <limits>

namespace wsgate::echo::control {

namespace {

// An unknown verb is quoted this far: enough to recognise it.
constexpr std::size_t quoted_verb_length = 40;

template <class Number>
std::optional<Number> parse_number(std::string_view text) {
    Number value{};
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

// Splits "verb rest" at the first space; rest is nullopt without a space.
std::pair<std::string_view, std::optional<std::string_view>> split_verb(std::string_view body) {
    const auto space = body.find(' ');
    if (space == std::string_view::npos) return {body, std::nullopt};
    return {body.substr(0, space), body.substr(space + 1)};
}

command parse_close(std::optional<std::string_view> args) {
    if (!args) return close_connection{};
    const auto space = args->find(' ');
    const auto code = parse_number<std::uint16_t>(args->substr(0, space));
    if (!code)
        return invalid{"wsgate:close wants a code from 0 to " +
                       std::to_string(std::numeric_limits<std::uint16_t>::max())};
    close_connection c{*code, {}};
    if (space != std::string_view::npos) c.reason = std::string(args->substr(space + 1));
    if (c.reason.size() > max_close_reason)
        return invalid{"wsgate:close reason is over " + std::to_string(max_close_reason) + " bytes"};
    return c;
}

command parse_send(std::optional<std::string_view> args) {
    const auto usage = invalid{"wsgate:send wants N text|binary"};
    if (!args) return usage;
    const auto space = args->find(' ');
    if (space == std::string_view::npos) return usage;
    const auto size = parse_number<std::uint64_t>(args->substr(0, space));
    const auto kind = args->substr(space + 1);
    if (!size || (kind != "text" && kind != "binary")) return usage;
    return send_message{*size, kind == "binary"};
}

command parse_ping(std::optional<std::string_view> args) {
    send_ping p;
    if (args) p.payload = std::string(*args);
    if (p.payload.size() > max_ping_payload)
        return invalid{"wsgate:ping payload is over " + std::to_string(max_ping_payload) + " bytes"};
    return p;
}

command parse_delay(std::optional<std::string_view> args) {
    const auto ms = args ? parse_number<std::uint64_t>(*args) : std::nullopt;
    if (!ms || *ms > static_cast<std::uint64_t>(max_delay.count()))
        return invalid{"wsgate:delay wants milliseconds from 0 to " + std::to_string(max_delay.count())};
    return delay_echoes{std::chrono::milliseconds(*ms)};
}

template <class Command>
command without_arguments(std::string_view verb, std::optional<std::string_view> args) {
    if (args) return invalid{"wsgate:" + std::string(verb) + " takes no arguments"};
    return Command{};
}

}  // namespace

std::optional<command> parse(std::string_view message) {
    if (!message.starts_with(prefix)) return std::nullopt;
    const auto [verb, args] = split_verb(message.substr(prefix.size()));
    if (verb == "request") return without_arguments<show_request>(verb, args);
    if (verb == "frames") return without_arguments<show_frames>(verb, args);
    if (verb == "close") return parse_close(args);
    if (verb == "abort") return without_arguments<abort_connection>(verb, args);
    if (verb == "send") return parse_send(args);
    if (verb == "ping") return parse_ping(args);
    if (verb == "delay") return parse_delay(args);
    if (verb == "stall") return without_arguments<stall_reading>(verb, args);
    return invalid{"unknown control message \"wsgate:" + std::string(verb.substr(0, quoted_verb_length)) + "\""};
}

}  // namespace wsgate::echo::control
