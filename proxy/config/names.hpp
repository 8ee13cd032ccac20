// Host names against server_name and "map ... hostnames" keys, the way
// nginx's combined wildcard hash matches them: the exact name first, then the
// longest "*.example.com" / ".example.com", then the longest "www.example.*".
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace wsgate::proxy::config {

enum class name_kind { exact, head, tail };

// What ngx_hash_add_key with NGX_HASH_WILDCARD_KEY makes of a name; nullopt
// for what it refuses (two '*', "..", a '*' elsewhere than "*." or ".*").
std::optional<name_kind> classify_name(std::string_view name);

// The keys an added name collides with in nginx's hash: ".a.com" collides
// with "a.com", ".a.com" and "*.a.com"; "a.com" with "a.com" and ".a.com".
bool name_conflicts(std::string_view name, const std::function<bool(const std::string&)>& has_key);

// The key that matches host (lowercase, no trailing dot), or nullopt.
std::optional<std::string> match_name(std::string_view host, const std::function<bool(const std::string&)>& has_key);

}  // namespace wsgate::proxy::config
