// Beast's request parser, also keeping the header fields exactly as received.
// The message's basic_fields keeps the spelling of each name but moves a
// repeated name next to its first occurrence; this keeps the order too.
#pragma once

#include "introspection.hpp"

#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <string>
#include <utility>
#include <vector>

namespace wsgate::echo {

class recording_parser : public boost::beast::http::request_parser<boost::beast::http::string_body> {
public:
    // The request line and the header fields in received case and order.
    request_info info() const;

private:
    void on_field_impl(boost::beast::http::field name, boost::beast::string_view name_string,
                       boost::beast::string_view value, boost::system::error_code& ec) override;

    std::vector<std::pair<std::string, std::string>> fields_;
};

}  // namespace wsgate::echo
