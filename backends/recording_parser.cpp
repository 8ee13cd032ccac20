#include "recording_parser.hpp"

namespace wsgate::echo {

request_info recording_parser::info() const {
    const auto& req = get();
    return {std::string(req.method_string()), std::string(req.target()),
            "HTTP/" + std::to_string(req.version() / 10) + "." + std::to_string(req.version() % 10), fields_};
}

void recording_parser::on_field_impl(boost::beast::http::field name, boost::beast::string_view name_string,
                                     boost::beast::string_view value, boost::system::error_code& ec) {
    fields_.emplace_back(name_string, value);
    get().insert(name, name_string, value);
    ec = {};
}

}  // namespace wsgate::echo
