// Fuzzes the echo backend's "wsgate:" control-message parser: a crash, a
// sanitizer report, or a command outside the limits control.hpp promises (a
// close reason or ping payload too long for a control frame, a delay over
// max_delay, an invalid command without a reason), is a bug.
#include "control.hpp"
#include "fuzz_support.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>

namespace {

namespace control = wsgate::echo::control;
using wsgate::fuzz::check;

struct limits_check {
    void operator()(const control::close_connection& c) const {
        check(c.reason.size() <= control::max_close_reason, "close reason over max_close_reason");
        check(c.code || c.reason.empty(), "close reason without a code");
    }
    void operator()(const control::send_ping& p) const {
        check(p.payload.size() <= control::max_ping_payload, "ping payload over max_ping_payload");
    }
    void operator()(const control::delay_echoes& d) const {
        check(d.delay.count() >= 0 && d.delay <= control::max_delay, "delay outside 0 to max_delay");
    }
    void operator()(const control::invalid& i) const { check(!i.reason.empty(), "invalid command without a reason"); }
    template <class Other>
    void operator()(const Other&) const {}
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view message(reinterpret_cast<const char*>(data), size);
    const auto command = control::parse(message);
    check(command.has_value() == message.starts_with(control::prefix), "control message not told by its prefix");
    if (command) std::visit(limits_check{}, *command);
    return 0;
}
