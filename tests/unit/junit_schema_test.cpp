// junit.xml as CI servers read it: well-formed XML 1.0 in UTF-8, with the
// elements, attributes and counts of the Jenkins xUnit junit-10.xsd schema
// (testsuites > testsuite > properties, testcase > failure, error, skipped,
// system-out), checked by a strict reader written for this test.
#include "paths.hpp"
#include "report/stopped_run.hpp"
#include "report/writers.hpp"
#include "wsgate/process.hpp"

#include <sys/wait.h>

#include <gtest/gtest.h>

#include <charconv>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <stdexcept>

using namespace wsgate::harness::report;
using namespace std::chrono_literals;

namespace {

struct element {
    std::string name;
    std::map<std::string, std::string> attributes;
    std::vector<element> children;
    std::string text;
    int line = 0;
};

struct not_well_formed : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Reads one XML document: declaration, comments, elements, attributes,
// character data, CDATA and references. Throws not_well_formed naming the line.
class xml_reader {
public:
    explicit xml_reader(std::string_view doc) : doc_(doc) {}

    element read() {
        check_characters();
        if (doc_.starts_with("<?xml")) skip_past("?>");
        skip_misc();
        if (at_ >= doc_.size() || doc_[at_] != '<') fail("no root element");
        auto root = read_element();
        skip_misc();
        if (at_ != doc_.size()) fail("content after the root element");
        return root;
    }

private:
    [[noreturn]] void fail(const std::string& what) const {
        throw not_well_formed("line " + std::to_string(line_of(at_)) + ": " + what);
    }

    int line_of(std::size_t pos) const {
        return 1 + static_cast<int>(std::count(doc_.begin(), doc_.begin() + std::min(pos, doc_.size()), '\n'));
    }

    // Every character is a well-formed UTF-8 sequence of an XML 1.0 Char.
    void check_characters() {
        for (at_ = 0; at_ < doc_.size();) {
            const auto c = static_cast<unsigned char>(doc_[at_]);
            std::size_t n = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
            if (n == 0 || at_ + n > doc_.size()) fail("byte that is not UTF-8");
            std::uint32_t cp = n == 1 ? c : c & (0x7f >> n);
            for (std::size_t k = 1; k < n; ++k) {
                const auto b = static_cast<unsigned char>(doc_[at_ + k]);
                if ((b & 0xc0) != 0x80) fail("byte that is not UTF-8");
                cp = (cp << 6) | (b & 0x3f);
            }
            const std::uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
            if (cp < least[n]) fail("overlong UTF-8");
            if (!is_char(cp)) fail("character XML 1.0 forbids");
            at_ += n;
        }
        at_ = 0;
    }

    static bool is_char(std::uint32_t cp) {
        return cp == 0x9 || cp == 0xa || cp == 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) ||
               (cp >= 0x10000 && cp <= 0x10ffff);
    }

    void skip_past(std::string_view end) {
        const auto found = doc_.find(end, at_);
        if (found == std::string_view::npos) fail("missing \"" + std::string(end) + "\"");
        at_ = found + end.size();
    }

    void skip_space() {
        while (at_ < doc_.size() && std::string_view(" \t\r\n").find(doc_[at_]) != std::string_view::npos) ++at_;
    }

    void skip_misc() {
        for (;;) {
            skip_space();
            if (doc_.substr(at_).starts_with("<!--")) {
                read_comment();
            } else {
                return;
            }
        }
    }

    void read_comment() {
        at_ += 4;
        const auto end = doc_.find("--", at_);
        if (end == std::string_view::npos || doc_.substr(end, 3) != "-->") fail("\"--\" inside a comment");
        at_ = end + 3;
    }

    std::string read_name() {
        const auto start = at_;
        auto name_start = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':'; };
        auto name_char = [&](char c) {
            return name_start(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '.';
        };
        if (at_ >= doc_.size() || !name_start(doc_[at_])) fail("expected a name");
        while (at_ < doc_.size() && name_char(doc_[at_])) ++at_;
        return std::string(doc_.substr(start, at_ - start));
    }

    // At '&': the character it stands for, appended to out.
    void read_reference(std::string& out) {
        const auto end = doc_.find(';', at_);
        if (end == std::string_view::npos || end - at_ > 12) fail("'&' that starts no reference");
        const auto ref = doc_.substr(at_ + 1, end - at_ - 1);
        static const std::map<std::string_view, char> named = {
            {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}};
        if (auto it = named.find(ref); it != named.end()) {
            out += it->second;
        } else if (ref.starts_with("#")) {
            const bool hex = ref.starts_with("#x");
            const auto digits = ref.substr(hex ? 2 : 1);
            std::uint32_t cp = 0;
            const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), cp, hex ? 16 : 10);
            if (digits.empty() || ec != std::errc{} || ptr != digits.data() + digits.size() || !is_char(cp))
                fail("bad character reference &" + std::string(ref) + ";");
            out += "&#" + std::string(digits) + ";";
        } else {
            fail("unknown entity &" + std::string(ref) + ";");
        }
        at_ = end + 1;
    }

    element read_element() {
        element e;
        e.line = line_of(at_);
        ++at_;
        e.name = read_name();
        for (;;) {
            const auto before = at_;
            skip_space();
            if (at_ >= doc_.size()) fail("unterminated start tag <" + e.name + ">");
            if (doc_.substr(at_).starts_with("/>")) {
                at_ += 2;
                return e;
            }
            if (doc_[at_] == '>') {
                ++at_;
                break;
            }
            if (at_ == before) fail("attributes must be separated by white space");
            const auto name = read_name();
            skip_space();
            if (at_ >= doc_.size() || doc_[at_] != '=') fail("attribute " + name + " without '='");
            ++at_;
            skip_space();
            if (at_ >= doc_.size() || (doc_[at_] != '"' && doc_[at_] != '\'')) fail("attribute " + name + " not quoted");
            const char quote = doc_[at_++];
            std::string value;
            while (at_ < doc_.size() && doc_[at_] != quote) {
                if (doc_[at_] == '<') fail("'<' in the value of " + name);
                if (doc_[at_] == '&') read_reference(value);
                else value += doc_[at_++];
            }
            if (at_ >= doc_.size()) fail("unterminated value of " + name);
            ++at_;
            if (!e.attributes.emplace(name, value).second) fail("attribute " + name + " given twice");
        }
        for (;;) {
            if (at_ >= doc_.size()) fail("<" + e.name + "> is never closed");
            const auto rest = doc_.substr(at_);
            if (rest.starts_with("</")) {
                at_ += 2;
                if (read_name() != e.name) fail("end tag does not match <" + e.name + ">");
                skip_space();
                if (at_ >= doc_.size() || doc_[at_] != '>') fail("unterminated end tag");
                ++at_;
                return e;
            }
            if (rest.starts_with("<!--")) {
                read_comment();
            } else if (rest.starts_with("<![CDATA[")) {
                at_ += 9;
                const auto end = doc_.find("]]>", at_);
                if (end == std::string_view::npos) fail("unterminated CDATA");
                e.text += doc_.substr(at_, end - at_);
                at_ = end + 3;
            } else if (rest.starts_with("<")) {
                e.children.push_back(read_element());
            } else if (rest.starts_with("&")) {
                read_reference(e.text);
            } else if (rest.starts_with("]]>")) {
                fail("\"]]>\" in character data");
            } else {
                e.text += doc_[at_++];
            }
        }
    }

    std::string_view doc_;
    std::size_t at_ = 0;
};

// What junit-10.xsd allows for one element.
struct element_rule {
    std::set<std::string> required;
    std::set<std::string> optional;
    std::set<std::string> children;
    bool text = false;  // mixed content (otherwise white space only)
};

const std::map<std::string, element_rule>& junit_rules() {
    static const std::map<std::string, element_rule> rules = {
        {"testsuites", {{}, {"name", "time", "tests", "failures", "errors"}, {"testsuite"}}},
        {"testsuite",
         {{"name", "tests", "failures", "errors"},
          {"group", "time", "skipped", "timestamp", "hostname", "id", "package", "file", "log", "url"},
          {"testsuite", "properties", "testcase", "system-out", "system-err"}}},
        {"properties", {{}, {}, {"property"}}},
        {"property", {{"name", "value"}, {}, {}}},
        {"testcase",
         {{"name"},
          {"time", "classname", "group"},
          {"skipped", "error", "failure", "system-out", "system-err", "rerunFailure", "rerunError", "flakyFailure",
           "flakyError"}}},
        {"failure", {{}, {"type", "message"}, {}, true}},
        {"error", {{}, {"type", "message"}, {}, true}},
        {"skipped", {{}, {"type", "message"}, {}, true}},
        {"system-out", {{}, {}, {}, true}},
        {"system-err", {{}, {}, {}, true}},
    };
    return rules;
}

bool whole_number(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::size_t count_children(const element& e, const std::string& name) {
    return static_cast<std::size_t>(
        std::count_if(e.children.begin(), e.children.end(), [&](const element& c) { return c.name == name; }));
}

// Cases of a suite whose testcase carries a child named kind.
std::size_t count_cases_with(const element& suite, const std::string& kind) {
    std::size_t n = 0;
    for (const auto& c : suite.children)
        if (c.name == "testcase" && count_children(c, kind) > 0) ++n;
    return n;
}

void check_element(const element& e, std::vector<std::string>& problems) {
    const auto where = "line " + std::to_string(e.line) + ": <" + e.name + ">";
    const auto rule = junit_rules().find(e.name);
    if (rule == junit_rules().end()) {
        problems.push_back(where + " is not a JUnit element");
        return;
    }
    for (const auto& [name, value] : e.attributes)
        if (!rule->second.required.contains(name) && !rule->second.optional.contains(name))
            problems.push_back(where + " has attribute " + name + ", which the schema does not allow");
    for (const auto& name : rule->second.required)
        if (!e.attributes.contains(name)) problems.push_back(where + " lacks the required attribute " + name);
    for (const auto& c : e.children)
        if (!rule->second.children.contains(c.name))
            problems.push_back(where + " may not contain <" + c.name + ">");
    if (!rule->second.text && e.text.find_first_not_of(" \t\r\n") != std::string::npos)
        problems.push_back(where + " may not contain text");
    static const std::regex surefire_time(R"((([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?)");
    if (auto t = e.attributes.find("time"); t != e.attributes.end() && !std::regex_match(t->second, surefire_time))
        problems.push_back(where + " time=\"" + t->second + "\" is not a number of seconds");
    for (const char* n : {"tests", "failures", "errors", "skipped"})
        if (auto a = e.attributes.find(n); a != e.attributes.end() && !whole_number(a->second))
            problems.push_back(where + " " + n + "=\"" + a->second + "\" is not a count");
    for (const auto& c : e.children) check_element(c, problems);
}

// Counts CI servers show must agree with the testcases they summarize.
void check_counts(const element& root, std::vector<std::string>& problems) {
    std::map<std::string, std::size_t> totals;
    for (const auto& suite : root.children) {
        if (suite.name != "testsuite") continue;
        const std::map<std::string, std::size_t> actual = {{"tests", count_children(suite, "testcase")},
                                                           {"failures", count_cases_with(suite, "failure")},
                                                           {"errors", count_cases_with(suite, "error")},
                                                           {"skipped", count_cases_with(suite, "skipped")}};
        for (const auto& [name, n] : actual) {
            totals[name] += n;
            const auto a = suite.attributes.find(name);
            if (a != suite.attributes.end() && a->second != std::to_string(n))
                problems.push_back("testsuite " + suite.attributes.at("name") + ": " + name + "=\"" + a->second +
                                   "\" but " + std::to_string(n) + " testcases");
        }
    }
    for (const char* name : {"tests", "failures", "errors"})
        if (auto a = root.attributes.find(name); a != root.attributes.end() && a->second != std::to_string(totals[name]))
            problems.push_back("testsuites: " + std::string(name) + "=\"" + a->second + "\" but the suites add up to " +
                               std::to_string(totals[name]));
}

std::vector<std::string> junit_problems(const std::string& xml) {
    element root;
    try {
        root = xml_reader(xml).read();
    } catch (const not_well_formed& e) {
        return {std::string("not well-formed: ") + e.what()};
    }
    std::vector<std::string> problems;
    if (root.name != "testsuites") problems.push_back("the root is <" + root.name + ">, not <testsuites>");
    check_element(root, problems);
    check_counts(root, problems);
    return problems;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
}

case_result make_case(std::string id, std::string group, outcome result, level severity) {
    case_result c;
    c.id = std::move(id);
    c.group = std::move(group);
    c.title = "title of " + c.id;
    c.requirement = "RFC 6455 §4.2.2";
    c.result = result;
    c.severity = severity;
    c.file = "scenarios/" + c.group + "/x.yaml";
    c.duration_ms = 1234.5;
    if (result == outcome::skipped) c.skip_reason = "applies to targets nginx";
    if (result == outcome::failed || result == outcome::error)
        c.steps = {{1, "connect", outcome::passed, 1, "", "", "", ""},
                   {2, "expect_handshake", result, 2, "unexpected handshake status", "HTTP 101", "HTTP/1.1 301",
                    "redirect to /ws/"}};
    return c;
}

run_result every_outcome_and_level() {
    run_result run;
    run.target = "builtin";
    run.started_at = "2026-11-25T05:00:00Z";
    run.duration_ms = 98765.4;
    run.cases = {make_case("seed/ok", "seed", outcome::passed, level::required),
                 make_case("seed/bad", "seed", outcome::failed, level::required),
                 make_case("seed/broke", "seed", outcome::error, level::required),
                 make_case("tls/off", "tls", outcome::skipped, level::required),
                 make_case("tls/warn", "tls", outcome::failed, level::recommended),
                 make_case("tls/info", "tls", outcome::failed, level::informational),
                 make_case("root-case", "", outcome::passed, level::required)};
    return run;
}

}  // namespace

TEST(JunitSchemaCheck, RefusesWhatCiServersRefuse) {
    const std::string ok =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites tests=\"1\" failures=\"0\" errors=\"0\">"
        "<testsuite name=\"g\" tests=\"1\" failures=\"0\" errors=\"0\"><testcase name=\"a\"/></testsuite></testsuites>";
    EXPECT_EQ(joined(junit_problems(ok)), "");
    const std::pair<std::string, std::string> bad[] = {
        {"<testcase name=\"a\"/>", "<testcase name=\"a\" file=\"x.yaml\"/>"},
        {"<testsuites tests", "<testsuites skipped=\"0\" tests"},
        {"<testcase name=\"a\"/>", "<testcase/>"},
        {"<testcase name=\"a\"/>", "<testcase name=\"a\"><properties/></testcase>"},
        {"<testcase name=\"a\"/>", "<testcase name=\"a\">text</testcase>"},
        {"<testcase name=\"a\"/>", "<testcase name=\"a\"/><testcase name=\"b\"/>"},
        {"<testcase name=\"a\"/>", "<testcase name=\"a\" time=\"1 s\"/>"},
        {"<testcase name=\"a\"/>", "<testcase name=\"a\"><failure>x</failure></testcase>"},
        {"</testsuite>", "</testsuit>"},
        {"<testcase name=\"a\"/>", "<testcase name=\"a & b\"/>"},
        {"<testcase name=\"a\"/>", "<testcase name=\"a\x01\"/>"},
        {"<testcase name=\"a\"/>", "<testcase name=\"a\xff\"/>"},
        {"<testcase name=\"a\"/>", "<testcase name=\"a\xed\xa0\x80\"/>"},
        {"<testcase name=\"a\"/>", "<testcase name=\"a\" name=\"b\"/>"},
        {"</testsuites>", "</testsuites><testsuites/>"},
    };
    for (const auto& [from, to] : bad) {
        auto doc = ok;
        doc.replace(doc.find(from), from.size(), to);
        EXPECT_NE(joined(junit_problems(doc)), "") << doc;
    }
}

TEST(JunitReport, EveryOutcomeAndLevelConformsToTheSchema) {
    auto run = every_outcome_and_level();
    EXPECT_EQ(joined(junit_problems(to_junit_xml(run))), "");
    run.strict = true;
    EXPECT_EQ(joined(junit_problems(to_junit_xml(run))), "");
}

TEST(JunitReport, EmptyAndStoppedRunsConformToTheSchema) {
    run_result run;
    EXPECT_EQ(joined(junit_problems(to_junit_xml(run))), "");
    add_stop_cases(run, stop_kind::config_error, "refused:\n[emerg] a in /x.conf:1\n[emerg] <b> in /x.conf:2\n");
    EXPECT_EQ(joined(junit_problems(to_junit_xml(run))), "");
}

TEST(JunitReport, WireBytesStayWellFormed) {
    auto run = every_outcome_and_level();
    const std::string hostile = "<b>&amp; \"q\" 'a' ]]> \x01\x1b tab\t § ✔ 🦀 \xff\xfe \xe2\x82 \xed\xa0\x80 \xc0\xaf \xef\xbf\xbe end";
    for (auto& c : run.cases) {
        c.id += hostile;
        c.title = hostile;
        c.requirement = hostile;
        c.skip_reason = c.skip_reason.empty() ? "" : hostile;
        for (auto& s : c.steps) s.message = s.expected = s.actual = s.diagnosis = hostile;
    }
    run.target = hostile;
    const auto xml = to_junit_xml(run);
    EXPECT_EQ(joined(junit_problems(xml)), "") << xml;
    EXPECT_NE(xml.find("§ ✔ 🦀 \\xff\\xfe \\xe2\\x82 \\xed\\xa0\\x80 \\xc0\\xaf \\xef\\xbf\\xbe end"), std::string::npos)
        << "valid UTF-8 kept, every other byte written as \\xNN";
}

TEST(JunitReport, XmllintAgreesItIsWellFormed) {
    const auto dir = wsgate::testing::scratch_dir("junit-xmllint");
    auto run = every_outcome_and_level();
    run.cases[1].steps[1].actual = "HTTP/1.1 400 \xff\x01<&>";
    std::ofstream(dir / "junit.xml", std::ios::binary) << to_junit_xml(run);
    const std::filesystem::path xmllint = "/usr/bin/xmllint";
    ASSERT_TRUE(std::filesystem::exists(xmllint)) << "xmllint comes with Debian's libxml2-utils";
    wsgate::proc::child lint({.argv = {xmllint.string(), "--noout", (dir / "junit.xml").string()},
                              .stdout_path = (dir / "lint").string(),
                              .stderr_path = (dir / "lint").string()});
    const auto status = lint.wait_for(20s);
    ASSERT_TRUE(status.has_value()) << "xmllint did not finish within 20 s";
    std::ifstream in(dir / "lint");
    const std::string output((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(WEXITSTATUS(*status), 0) << output;
}
