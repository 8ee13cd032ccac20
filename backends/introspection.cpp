#include "introspection.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace wsgate::echo {

namespace json = boost::json;

std::string request_json(const peer_info& peer, const request_info& request) {
    json::array headers;
    for (const auto& [name, value] : request.headers) headers.push_back(json::array{name, value});
    const json::object out{{"backend", peer.backend},         {"remote_addr", peer.remote_addr},
                           {"remote_port", peer.remote_port}, {"method", request.method},
                           {"target", request.target},        {"version", request.version},
                           {"headers", std::move(headers)}};
    return json::serialize(out);
}

void frame_log::record(const ws::frame_header& h) {
    if (frames_.size() == capacity) frames_.pop_front();
    frames_.push_back(h);
}

std::string frame_log::json() const {
    json::array out;
    out.reserve(frames_.size());
    for (const auto& h : frames_) {
        out.push_back(json::object{{"fin", h.fin},
                                   {"rsv1", h.rsv1},
                                   {"rsv2", h.rsv2},
                                   {"rsv3", h.rsv3},
                                   {"opcode", h.opcode},
                                   {"masked", h.masked},
                                   {"length", h.length}});
    }
    return json::serialize(out);
}

}  // namespace wsgate::echo
