// The gate must catch broken proxies: each realistic mistake in
// tests/mutants/ makes `wsgate run --config MUTANT` exit 1 with the case
// named in tests/mutants/expected.txt failing. The failover group is left
// out: its cases wait out the seed's 10 s fail_timeout, and no mutant is
// meant for it.
#include "paths.hpp"
#include "wsgate_command.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

using namespace std::chrono_literals;
namespace fs = std::filesystem;
using wsgate::testing::source_dir;

namespace {

struct mutant {
    std::string file;
    std::string case_id;
};

void PrintTo(const mutant& m, std::ostream* os) { *os << m.file << " -> " << m.case_id; }

std::vector<mutant> load_expected() {
    std::vector<mutant> all;
    std::ifstream in(source_dir() / "tests/mutants/expected.txt");
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream fields(line);
        mutant m;
        fields >> m.file >> m.case_id;
        if (!m.case_id.empty()) all.push_back(m);
    }
    return all;
}

class MutantConfigs : public ::testing::TestWithParam<mutant> {};

}  // namespace

TEST_P(MutantConfigs, IsCaughtByItsCase) {
    const auto& m = GetParam();
    const auto dir = wsgate::testing::scratch_dir("mutant");
    const auto r = wsgate::testing::run_wsgate(
        {"run", "--target", "builtin", "--port-base", std::to_string(wsgate::testing::free_port_base()), "-j", "4",
         "--exclude", "failover/*", "--config", (source_dir() / "tests/mutants" / m.file).string(), "--report-dir",
         (dir / "reports").string()},
        dir, 240s);
    ASSERT_NE(r.exit_code, -1) << "wsgate run did not finish";
    const auto& text = r.output;
    EXPECT_EQ(r.exit_code, 1) << text;
    EXPECT_NE(text.find("✘ " + m.case_id + " "), std::string::npos) << m.file << " should fail " << m.case_id << "\n"
                                                                      << text;
}

TEST(MutantList, CoversEveryMutantFile) {
    const auto expected = load_expected();
    std::size_t files = 0;
    for (const auto& entry : fs::directory_iterator(source_dir() / "tests/mutants")) {
        if (entry.path().extension() != ".conf") continue;
        ++files;
        const auto name = entry.path().filename().string();
        EXPECT_TRUE(std::any_of(expected.begin(), expected.end(), [&](const mutant& m) { return m.file == name; }))
            << name << " has no line in tests/mutants/expected.txt";
    }
    EXPECT_GE(files, 12u);
}

INSTANTIATE_TEST_SUITE_P(Seed, MutantConfigs, ::testing::ValuesIn(load_expected()),
                         [](const ::testing::TestParamInfo<mutant>& info) {
                             std::string name = info.param.file.substr(0, info.param.file.rfind('.'));
                             for (auto& c : name)
                                 if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                             return name;
                         });
