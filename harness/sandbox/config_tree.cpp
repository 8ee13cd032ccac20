#include "sandbox/config_tree.hpp"

#include "sandbox/sandbox.hpp"

#include "config/error.hpp"
#include "config/reader.hpp"

#include <glob.h>

#include <fstream>
#include <optional>
#include <sstream>

namespace wsgate::sandbox {

namespace {

namespace cfg = proxy::config;
namespace fs = std::filesystem;

// The file's text; none for what nginx could not read as a config file (a
// folder, which an include's glob can name, or nothing at all).
std::optional<std::string> read_text(const fs::path& file) {
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) return std::nullopt;
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The files an include names, as nginx's glob(3) orders them.
std::vector<std::string> expand(const std::string& pattern) {
    if (pattern.find_first_of("*?[") == std::string::npos) return {pattern};
    glob_t matches{};
    std::vector<std::string> paths;
    if (::glob(pattern.c_str(), 0, nullptr, &matches) == 0)
        paths.assign(matches.gl_pathv, matches.gl_pathv + matches.gl_pathc);
    ::globfree(&matches);
    return paths;
}

class tree_reader {
public:
    tree_reader(fs::path root, std::string conf_prefix) : root_(std::move(root)), conf_prefix_(std::move(conf_prefix)) {}

    config_tree read(const fs::path& main) {
        const auto text = read_text(main);
        if (!text) throw sandbox_error("cannot read " + main.string());
        tree_.copies.push_back({main, root_ / "main" / main.relative_path(), *text});
        tree_.top = read_file(0);
        return std::move(tree_);
    }

private:
    std::vector<directive> read_file(std::size_t copy) {
        open_.push_back(tree_.copies[copy].original);
        // The lexer names the original file, so its errors point into the user's text.
        cfg::lexer lex(tree_.copies[copy].original.string(), tree_.copies[copy].text);
        auto read = read_block(lex, copy, false);
        open_.pop_back();
        return read;
    }

    std::vector<directive> read_block(cfg::lexer& lex, std::size_t copy, bool inside_block) {
        std::vector<directive> block;
        for (;;) {
            directive d;
            cfg::lexer::token token;
            try {
                token = lex.next(d.args, &d.spans);
            } catch (const cfg::config_error& e) {
                throw sandbox_error(e.what());
            }
            d.copy = copy;
            d.end = lex.offset();
            d.line = lex.where().line;
            if (token == cfg::lexer::token::end_of_file) {
                if (inside_block) throw sandbox_error(cfg::at("unexpected end of file, expecting \"}\"", lex.where()));
                return block;
            }
            if (token == cfg::lexer::token::block_end) {
                if (!inside_block) throw sandbox_error(cfg::at("unexpected \"}\"", lex.where()));
                return block;
            }
            d.block = token == cfg::lexer::token::block_start;
            if (d.block) d.children = read_block(lex, copy, true);
            if (!d.block && d.name() == "include" && d.args.size() == 2) read_include(d, lex);
            block.push_back(std::move(d));
        }
    }

    // Each readable file the include names becomes a copy under a folder of
    // this include's own; the include then reads that folder instead.
    void read_include(directive& d, const cfg::lexer& lex) {
        const auto pattern = fs::path(cfg::full_name(conf_prefix_, d.args[1]));
        const auto paths = expand(pattern.string());
        const auto mirror = root_ / ("include-" + std::to_string(++includes_));
        for (const auto& path : paths) {
            const auto text = read_text(path);
            // nginx reports the file it cannot open; the include stays as written for that.
            if (!text) return;
            for (const auto& open : open_)
                if (fs::weakly_canonical(open) == fs::weakly_canonical(path))
                    throw sandbox_error(cfg::at("include cycle: \"" + path + "\" is already being read", lex.where()));
            if (open_.size() >= cfg::max_include_depth)
                throw sandbox_error(cfg::at("includes nested deeper than " + std::to_string(cfg::max_include_depth) +
                                                " files",
                                            lex.where()));
            tree_.copies.push_back({path, mirror / fs::path(path).relative_path(), *text});
            auto read = read_file(tree_.copies.size() - 1);
            d.children.insert(d.children.end(), std::make_move_iterator(read.begin()),
                              std::make_move_iterator(read.end()));
        }
        d.copied_pattern = (mirror / pattern.relative_path()).string();
    }

    fs::path root_;
    std::string conf_prefix_;
    config_tree tree_;
    std::vector<fs::path> open_;
    std::size_t includes_ = 0;
};

}  // namespace

config_tree read_config_tree(const fs::path& main, const fs::path& root, const fs::path& conf_dir) {
    const auto absolute = fs::absolute(main).lexically_normal();
    const auto folder = conf_dir.empty() ? absolute.parent_path() : fs::absolute(conf_dir).lexically_normal();
    auto tree = tree_reader(root, folder.string() + "/").read(absolute);
    tree.conf_dir = folder;
    return tree;
}

}  // namespace wsgate::sandbox
