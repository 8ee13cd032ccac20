// What the fuzz targets share: a check that stops the run where libFuzzer
// sees it, the split plan that cuts one input into the pieces a streaming
// parser is fed, and a scratch folder for the parsers that read files.
#pragma once

#include <stdlib.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace wsgate::fuzz {

// A broken invariant is a bug like a crash: abort so libFuzzer keeps the input.
inline void check(bool ok, const char* what) {
    if (ok) return;
    std::fprintf(stderr, "fuzz check failed: %s\n", what);
    std::abort();
}

// The first byte of an input steers how the rest is fed:
//   bits 0-1  how many size bytes follow (1 to max_size_bytes);
//   bits 2-7  a choice the target makes its own (a limit, a flag).
// Size byte b means a piece of b + 1 bytes; the sizes are used in turn.
// What follows the size bytes is the stream the parser reads.
class split_plan {
public:
    static constexpr unsigned count_bits = 2;
    static constexpr std::size_t max_size_bytes = std::size_t{1} << count_bits;

    split_plan(const std::uint8_t* data, std::size_t size) {
        if (size == 0) return;
        const std::size_t count = (data[0] & (max_size_bytes - 1)) + 1;
        if (size < 1 + count) return;
        choice_ = data[0] >> count_bits;
        sizes_.assign(data + 1, data + 1 + count);
        stream_ = std::string_view(reinterpret_cast<const char*>(data) + 1 + count, size - 1 - count);
        valid_ = true;
    }

    // False when the input is too short to hold its own size bytes.
    bool valid() const { return valid_; }
    unsigned choice() const { return choice_; }
    std::string_view stream() const { return stream_; }

    std::vector<std::string_view> pieces() const {
        std::vector<std::string_view> out;
        std::string_view rest = stream_;
        for (std::size_t i = 0; !rest.empty(); ++i) {
            const std::size_t n = std::min<std::size_t>(rest.size(), sizes_[i % sizes_.size()] + std::size_t{1});
            out.push_back(rest.substr(0, n));
            rest.remove_prefix(n);
        }
        return out;
    }

private:
    bool valid_ = false;
    unsigned choice_ = 0;
    std::vector<std::uint8_t> sizes_;
    std::string_view stream_;
};

// One folder per process, made on first use and removed at a normal exit,
// so parallel fuzzer processes never share files and runs leave no litter.
class scratch_folder {
public:
    static const std::filesystem::path& path() {
        static const scratch_folder folder;
        return folder.path_;
    }

private:
    scratch_folder() {
        std::string pattern = (std::filesystem::temp_directory_path() / "wsgate-fuzz-XXXXXX").string();
        check(::mkdtemp(pattern.data()) != nullptr, "mkdtemp failed");
        path_ = pattern;
    }
    ~scratch_folder() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }

    std::filesystem::path path_;
};

inline void write_file(const std::filesystem::path& file, const std::uint8_t* data, std::size_t size) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    check(static_cast<bool>(out.flush()), "cannot write the input file");
}

}  // namespace wsgate::fuzz
