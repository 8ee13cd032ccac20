// Load results across processes and machines: the JSON round trip keeps
// everything, merging equals measuring the union, agents' shares add up, and
// the HdrHistogram log decodes to the recorded counts.
#include "load/generator.hpp"
#include "load/load_result.hpp"
#include "load/hdr_log.hpp"
#include "load/result_json.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <zlib.h>

#include <gtest/gtest.h>

#include <random>
#include <sstream>

using namespace wsgate::load;

namespace {

load_result sample_result(unsigned seed, int count) {
    load_result r;
    std::mt19937 rng(seed);
    std::lognormal_distribution<double> latency(5.5, 0.8);
    r.connections = 10;
    r.connected = 10;
    r.seconds = 2 + seed % 2;
    r.handshake_seconds = 0.01 * seed;
    r.measure_start_epoch_s = 1000 + seed;
    r.phases = planned_phases(0.5 * seed, 1, 2);
    r.phases.ended_s += 0.1 * seed;
    r.errors["timeout"] = seed;
    r.first_errors["timeout"] = "timed out, agent " + std::to_string(seed);
    r.intervals.resize(3);
    for (int i = 0; i < count; ++i) {
        const auto v = static_cast<std::int64_t>(latency(rng));
        r.latency.record(v);
        r.latency_uncorrected.record(v / 2);
        r.intervals[i % 3][histogram::slot_of(v)]++;
        ++r.messages;
    }
    r.upgrade.record(300 + seed);
    r.timeline = {{1.0, 5, 0, 10}, {2.0, 7, 1, 10}};
    return r;
}

std::vector<std::uint8_t> from_base64(const std::string& text) {
    const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::vector<std::uint8_t> out;
    std::uint32_t bits = 0;
    int have = 0;
    for (char c : text) {
        if (c == '=') break;
        bits = (bits << 6) | static_cast<std::uint32_t>(alphabet.find(c));
        have += 6;
        if (have >= 8) {
            have -= 8;
            out.push_back(static_cast<std::uint8_t>(bits >> have));
        }
    }
    return out;
}

std::uint32_t get32(const std::uint8_t* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

// Decodes a compressed V2 histogram as HdrHistogram's decoder does.
std::vector<std::uint64_t> decode_counts(const std::string& encoded) {
    const auto framed = from_base64(encoded);
    EXPECT_EQ(get32(framed.data()), 0x1c849314u);
    std::vector<std::uint8_t> plain(1 << 20);
    uLongf size = plain.size();
    EXPECT_EQ(uncompress(plain.data(), &size, framed.data() + 8, get32(framed.data() + 4)), Z_OK);
    EXPECT_EQ(get32(plain.data()), 0x1c849313u);
    const auto payload = get32(plain.data() + 4);
    EXPECT_EQ(get32(plain.data() + 12), 3u) << "significant digits";
    std::vector<std::uint64_t> counts;
    for (std::size_t i = 40; i < 40 + payload;) {
        std::uint64_t v = 0;
        int shift = 0;
        for (int k = 0; k < 9; ++k) {
            const auto b = plain[i++];
            if (k == 8) {
                v |= std::uint64_t{b} << shift;
                break;
            }
            v |= std::uint64_t{b & 0x7fu} << shift;
            shift += 7;
            if (!(b & 0x80)) break;
        }
        const auto value = static_cast<std::int64_t>((v >> 1) ^ (~(v & 1) + 1));
        if (value < 0) counts.insert(counts.end(), static_cast<std::size_t>(-value), 0);
        else counts.push_back(static_cast<std::uint64_t>(value));
    }
    return counts;
}

}  // namespace

TEST(LoadResultJson, RoundTripKeepsEveryCountAndFigure) {
    const auto r = sample_result(3, 5000);
    const auto text = boost::json::serialize(to_json(r));
    const auto back = from_json(boost::json::parse(text));
    EXPECT_EQ(back.latency.counts(), r.latency.counts());
    EXPECT_EQ(back.latency.min(), r.latency.min());
    EXPECT_EQ(back.latency.max(), r.latency.max());
    EXPECT_DOUBLE_EQ(back.latency.mean(), r.latency.mean());
    EXPECT_EQ(back.latency_uncorrected.counts(), r.latency_uncorrected.counts());
    EXPECT_EQ(back.upgrade.percentile(50), r.upgrade.percentile(50));
    EXPECT_EQ(back.messages, r.messages);
    EXPECT_EQ(back.errors, r.errors);
    EXPECT_EQ(back.first_errors, r.first_errors);
    EXPECT_EQ(back.intervals, r.intervals);
    ASSERT_EQ(back.timeline.size(), 2u);
    EXPECT_EQ(back.timeline[1].errors, 1u);
    EXPECT_DOUBLE_EQ(back.measure_start_epoch_s, r.measure_start_epoch_s);
    EXPECT_DOUBLE_EQ(back.phases.ramp_until_s, r.phases.ramp_until_s);
    EXPECT_DOUBLE_EQ(back.phases.measure_from_s, r.phases.measure_from_s);
    EXPECT_DOUBLE_EQ(back.phases.measure_until_s, r.phases.measure_until_s);
    EXPECT_DOUBLE_EQ(back.phases.ended_s, r.phases.ended_s);
}

TEST(LoadResultJson, ResultWithoutPhasesStillReads) {
    auto o = to_json(sample_result(2, 10));
    o.erase("phases");
    const auto back = from_json(o);
    EXPECT_EQ(back.phases.measure_until_s, 0);
}

TEST(LoadPhases, EachSecondBelongsToTheRampWarmupMeasurementOrDrain) {
    const auto phases = planned_phases(2, 1, 5);
    EXPECT_STREQ(phase_at(phases, 0), "ramp");
    EXPECT_STREQ(phase_at(phases, 1.99), "ramp");
    EXPECT_STREQ(phase_at(phases, 2), "warm-up");
    EXPECT_STREQ(phase_at(phases, 3), "measure");
    EXPECT_STREQ(phase_at(phases, 7.99), "measure");
    EXPECT_STREQ(phase_at(phases, 8), "drain");
    EXPECT_STREQ(phase_at(planned_phases(0, 0, 1), 0), "measure") << "no ramp and no warm-up";
}

TEST(LoadPhases, MergedAgentsCoverTheLatestBoundaryOfEach) {
    auto a = sample_result(1, 10);
    const auto b = sample_result(3, 10);
    a.merge(b);
    EXPECT_DOUBLE_EQ(a.phases.ramp_until_s, 1.5);
    EXPECT_DOUBLE_EQ(a.phases.measure_until_s, 4.5);
    EXPECT_DOUBLE_EQ(a.phases.ended_s, 4.8);
}

TEST(LoadResultJson, MalformedInputNamesTheField) {
    auto o = to_json(sample_result(1, 10));
    o["latency_us"].as_object()["counts"] = boost::json::array{boost::json::array{1}};
    try {
        from_json(o);
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("latency_us.counts"), std::string::npos) << e.what();
    }
    o.erase("messages");
    EXPECT_THROW(from_json(o), std::invalid_argument);
}

// The reproducers of an abort in wsgate merge: counts that no unsigned
// integer holds once threw the JSON library's own exception.
TEST(LoadResultJson, NegativeOrFractionalCountIsMalformedInputNotAnAbort) {
    for (const auto& bad : {boost::json::value(-1), boost::json::value(1.5), boost::json::value(1e30)}) {
        auto o = to_json(sample_result(1, 10));
        o["latency_us"].as_object()["counts"] = boost::json::array{boost::json::array{1, bad}};
        EXPECT_THROW(from_json(o), std::invalid_argument) << boost::json::serialize(bad);
        auto e = to_json(sample_result(1, 10));
        e["messages"] = bad;
        EXPECT_THROW(from_json(e), std::invalid_argument) << boost::json::serialize(bad);
        auto k = to_json(sample_result(1, 10));
        k["errors"].as_object()["refused"] = bad;
        EXPECT_THROW(from_json(k), std::invalid_argument) << boost::json::serialize(bad);
    }
}

TEST(LoadResultJson, CountsWhoseTotalOverflowsAreMalformedInput) {
    auto o = to_json(sample_result(1, 10));
    o["latency_us"].as_object()["counts"] =
        boost::json::array{boost::json::array{1, UINT64_MAX}, boost::json::array{2, UINT64_MAX}};
    EXPECT_THROW(from_json(o), std::invalid_argument);
}

TEST(LoadResultMerge, EqualsTheUnionOfTheParts) {
    const auto a = sample_result(1, 3000), b = sample_result(2, 4000);
    auto merged = a;
    merged.merge(b);
    histogram all = a.latency;
    all.merge(b.latency);
    EXPECT_EQ(merged.latency.counts(), all.counts());
    EXPECT_EQ(merged.latency.percentile(99.9), all.percentile(99.9));
    EXPECT_EQ(merged.messages, 7000u);
    EXPECT_EQ(merged.connections, 20u);
    EXPECT_DOUBLE_EQ(merged.seconds, 3.0) << "agents run side by side: the window is the longest";
    EXPECT_DOUBLE_EQ(merged.measure_start_epoch_s, 1001);
    EXPECT_EQ(merged.errors.at("timeout"), 3u);
    EXPECT_EQ(merged.first_errors.at("timeout"), "timed out, agent 1") << "the first part's text is kept";
    EXPECT_EQ(merged.timeline[0].messages, 10u);
    EXPECT_EQ(merged.timeline[0].open, 20u);
    std::uint64_t in_intervals = 0;
    for (const auto& i : merged.intervals)
        for (const auto& [slot, n] : i) in_intervals += n;
    EXPECT_EQ(in_intervals, 7000u);
}

TEST(AgentShare, SharesAddUpToTheWholeWithDisjointIds) {
    load_options whole;
    whole.connections = 1001;
    whole.rate = 9009;
    whole.ramp = 100;
    std::uint32_t connections = 0, next_id = 0;
    double rate = 0;
    for (unsigned i = 0; i < 7; ++i) {
        const auto s = share_of(whole, i, 7);
        EXPECT_EQ(s.first_id, next_id);
        next_id += s.connections;
        connections += s.connections;
        rate += s.rate;
        EXPECT_NEAR(s.rate / s.connections, whole.rate / whole.connections, 1e-9) << "same rate per connection";
    }
    EXPECT_EQ(connections, 1001u);
    EXPECT_NEAR(rate, 9009, 1e-6);
}

TEST(HdrLog, CompressedHistogramDecodesToTheRecordedCounts) {
    const auto r = sample_result(5, 2000);
    const auto counts = decode_counts(encode_compressed(r.latency));
    const auto& mine = r.latency.counts();
    ASSERT_EQ(counts.size(), histogram::slot_of(r.latency.max()) + 1);
    EXPECT_TRUE(std::equal(counts.begin(), counts.end(), mine.begin()));
}

TEST(HdrLog, HasTheHeaderAndOneLinePerInterval) {
    std::ostringstream out;
    write_hdr_log(out, sample_result(4, 900), 1700000000.25);
    const auto text = out.str();
    EXPECT_NE(text.find("#[StartTime: 1700000000.250 (seconds since epoch)]"), std::string::npos);
    EXPECT_NE(text.find("\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\""),
              std::string::npos);
    EXPECT_NE(text.find("\n2.000,1.000,"), std::string::npos);
    EXPECT_EQ(text.find("\n3.000,"), std::string::npos);
    EXPECT_NE(text.find(",HISTF"), std::string::npos);
}
