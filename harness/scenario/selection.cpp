#include "scenario/selection.hpp"

#include "scenario/loader.hpp"

#include <algorithm>
#include <set>

namespace wsgate::scenario {

bool glob_match(std::string_view pattern, std::string_view text) {
    std::size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
            ++p;
            ++t;
        } else if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            resume = t;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            t = ++resume;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

std::vector<scenario_case> select_cases(const std::filesystem::path& root, const std::vector<std::string>& selectors,
                                        const std::vector<std::string>& tags) {
    std::vector<scenario_case> chosen;
    std::set<std::string> taken;
    auto take = [&](scenario_case c) {
        if (taken.insert(c.id).second) chosen.push_back(std::move(c));
    };
    if (selectors.empty()) {
        for (auto& c : load_tree(root)) take(std::move(c));
    } else {
        std::vector<scenario_case> suite;
        bool suite_loaded = false;
        for (const auto& sel : selectors) {
            if (std::filesystem::exists(sel)) {
                for (auto& c : load_tree(sel)) take(std::move(c));
                continue;
            }
            if (!suite_loaded) {
                suite = load_tree(root);
                suite_loaded = true;
            }
            bool any = false;
            for (const auto& c : suite) {
                if (glob_match(sel, c.id)) {
                    take(c);
                    any = true;
                }
            }
            if (!any) throw scenario_error("selector \"" + sel + "\" matches no case id, file or folder (scenarios in " + root.string() + ")");
        }
    }
    if (!tags.empty()) {
        std::erase_if(chosen, [&](const scenario_case& c) {
            return std::none_of(tags.begin(), tags.end(), [&](const std::string& t) {
                return std::find(c.tags.begin(), c.tags.end(), t) != c.tags.end();
            });
        });
    }
    return chosen;
}

}  // namespace wsgate::scenario
