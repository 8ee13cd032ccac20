#include "cli/suggest.hpp"

#include <algorithm>
#include <numeric>

namespace wsgate::cli {

namespace {

// Edits that still read as a typo: one in three letters.
constexpr std::size_t letters_per_typo = 3;

std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    std::iota(row.begin(), row.end(), std::size_t{0});
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::vector<std::string> long_options(const CLI::App& app) {
    std::vector<std::string> names;
    for (const auto* option : app.get_options())
        for (const auto& name : option->get_lnames()) names.push_back("--" + name);
    return names;
}

}  // namespace

std::optional<std::string> nearest(const std::string& word, const std::vector<std::string>& choices) {
    std::optional<std::string> best;
    std::size_t best_distance = std::max<std::size_t>(1, word.size() / letters_per_typo) + 1;
    for (const auto& choice : choices) {
        const auto d = edit_distance(word, choice);
        if (d < best_distance) {
            best_distance = d;
            best = choice;
        }
    }
    return best;
}

std::vector<std::string> suggestions(const CLI::App& app, const std::vector<std::string>& args) {
    std::vector<std::string> subcommands;
    for (const auto* sub : app.get_subcommands({})) subcommands.push_back(sub->get_name());
    const CLI::App* current = nullptr;
    std::vector<std::string> lines;
    for (const auto& arg : args) {
        if (!current) {
            if (arg.starts_with("-")) continue;
            if (std::find(subcommands.begin(), subcommands.end(), arg) != subcommands.end()) {
                current = app.get_subcommand(arg);
                continue;
            }
            if (auto near = nearest(arg, subcommands))
                lines.push_back("unknown command \"" + arg + "\": did you mean `wsgate " + *near + "`?");
            break;
        }
        if (!arg.starts_with("--")) continue;
        const auto name = arg.substr(0, arg.find('='));
        const auto known = long_options(*current);
        if (std::find(known.begin(), known.end(), name) != known.end()) continue;
        if (auto near = nearest(name, known))
            lines.push_back("unknown option " + name + " for `wsgate " + current->get_name() + "`: did you mean " +
                            *near + "?");
    }
    return lines;
}

}  // namespace wsgate::cli
