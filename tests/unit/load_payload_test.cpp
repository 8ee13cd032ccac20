// The load generator's message check: every echo is matched to what was sent
// without keeping a copy.
#include "load/payload.hpp"
#include "load/histogram.hpp"
#include "load/pacer.hpp"
#include "load/threshold.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

using namespace wsgate::load;

TEST(LoadPayload, RoundTripsItsStampAtEverySize) {
    for (std::size_t size : {24u, 25u, 64u, 4096u}) {
        const stamp s{4242, 77, 123456789000};
        const auto p = make_payload(s, size);
        ASSERT_EQ(p.size(), size);
        auto back = read_payload(p);
        ASSERT_TRUE(back.has_value()) << size;
        EXPECT_EQ(back->connection, 4242u);
        EXPECT_EQ(back->sequence, 77u);
        EXPECT_EQ(back->intended_ns, 123456789000);
    }
}

TEST(LoadPayload, DetectsACorruptedByteAnywhere) {
    const auto p = make_payload({1, 2, 3000}, 200);
    for (std::size_t i : {0u, 10u, 23u, 24u, 199u}) {
        auto broken = p;
        broken[i] = broken[i] == 'A' ? 'B' : 'A';
        EXPECT_FALSE(read_payload(broken).has_value()) << "byte " << i;
    }
    EXPECT_FALSE(read_payload(p.substr(0, 20)).has_value());
}

TEST(LoadPayload, FillerIsPrintableSoTextMessagesStayValid) {
    const auto p = make_payload({9, 9, 9}, 1000);
    for (char c : p) EXPECT_TRUE(c > 0x20 && c < 0x7f);
}

TEST(SequenceCheck, ClassifiesInOrderLossReorderDuplicateAndForeign) {
    sequence_check check(5);
    EXPECT_EQ(check.judge(stamp{5, 0, 0}), verdict::in_order);
    EXPECT_EQ(check.judge(stamp{5, 1, 0}), verdict::in_order);
    EXPECT_EQ(check.judge(stamp{5, 4, 0}), verdict::lost_before);
    EXPECT_EQ(check.lost(), 2u);
    EXPECT_EQ(check.judge(stamp{5, 2, 0}), verdict::reordered);
    EXPECT_EQ(check.lost(), 1u);
    EXPECT_EQ(check.judge(stamp{5, 2, 0}), verdict::duplicate);
    EXPECT_EQ(check.judge(stamp{6, 5, 0}), verdict::foreign);
    EXPECT_EQ(check.judge(std::nullopt), verdict::corrupt);
    EXPECT_EQ(check.next_expected(), 5u);
}

TEST(Pacer, IntendedTimesFollowTheScheduleWithoutDrift) {
    const auto start = pacer::clock::time_point{} + std::chrono::seconds(100);
    pacer p(start, std::chrono::milliseconds(10), std::chrono::milliseconds(3));
    EXPECT_EQ(p.intended(0), start + std::chrono::milliseconds(3));
    EXPECT_EQ(p.intended(1000000), start + std::chrono::milliseconds(3) + std::chrono::seconds(10000));
    EXPECT_EQ(p.due_count(start), 0u);
    EXPECT_EQ(p.due_count(start + std::chrono::milliseconds(3)), 1u);
    EXPECT_EQ(p.due_count(start + std::chrono::milliseconds(12)), 1u);
    EXPECT_EQ(p.due_count(start + std::chrono::milliseconds(13)), 2u);
}

TEST(Pacer, SpreadsATotalRateOverConnections) {
    EXPECT_EQ(interval_for(1000, 10), std::chrono::milliseconds(10));
    EXPECT_THROW(interval_for(0, 10), std::invalid_argument);
    EXPECT_THROW(pacer({}, std::chrono::milliseconds(10), std::chrono::milliseconds(10)), std::invalid_argument);
}

TEST(Threshold, ParsesLatencyUnitsAndPlainMetrics) {
    auto t = parse_threshold("p99<5ms");
    EXPECT_EQ(t.metric, "p99");
    EXPECT_EQ(t.op, "<");
    EXPECT_DOUBLE_EQ(t.value, 5000);
    EXPECT_DOUBLE_EQ(parse_threshold("p999 <= 1.5s").value, 1.5e6);
    EXPECT_EQ(parse_threshold("errors==0").op, "==");
    EXPECT_DOUBLE_EQ(parse_threshold("rate>=10000").value, 10000);
}

TEST(Threshold, RefusesUnknownMetricsMissingUnitsAndGarbage) {
    for (const char* bad : {"p98<5ms", "p99<5", "errors==0ms", "rate", "<5ms", "p99~5ms", "p99<fast"})
        EXPECT_THROW(parse_threshold(bad), std::invalid_argument) << bad;
}

TEST(Threshold, ReportsBreachesWithTheActualValue) {
    const std::map<std::string, double> metrics = {{"p99", 7000}, {"errors", 0}, {"rate", 9000}};
    EXPECT_FALSE(check(parse_threshold("errors==0"), metrics).has_value());
    auto b = check(parse_threshold("p99<5ms"), metrics);
    ASSERT_TRUE(b.has_value());
    EXPECT_DOUBLE_EQ(b->actual, 7000);
    EXPECT_TRUE(check(parse_threshold("rate>=10000"), metrics).has_value());
    EXPECT_TRUE(check(parse_threshold("p50<1ms"), metrics).has_value()) << "a missing metric is a breach";
}

TEST(Histogram, PercentilesMatchASortedReferenceWithinAThousandth) {
    histogram h;
    std::vector<std::int64_t> values;
    std::uint64_t x = 12345;
    for (int i = 0; i < 100000; ++i) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        const auto v = static_cast<std::int64_t>(1 + (x >> 33) % 5'000'000);
        values.push_back(v);
        h.record(v);
    }
    std::sort(values.begin(), values.end());
    for (double p : {1.0, 50.0, 90.0, 99.0, 99.9, 100.0}) {
        const auto reference =
            values[static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(values.size()))) - 1];
        const auto got = h.percentile(p);
        EXPECT_NEAR(static_cast<double>(got), static_cast<double>(reference), reference * 0.001 + 1) << "p" << p;
    }
    EXPECT_EQ(h.count(), 100000u);
    EXPECT_EQ(h.max(), values.back());
}

TEST(Histogram, SmallValuesAreExact) {
    histogram h;
    for (int v = 1; v <= 1000; ++v) h.record(v);
    EXPECT_EQ(h.percentile(50), 500);
    EXPECT_EQ(h.percentile(100), 1000);
    EXPECT_EQ(h.min(), 1);
}

TEST(Histogram, ValuesStandInForTheSamplesInOrder) {
    histogram h;
    for (std::int64_t v : {900, 5, 5, 123456, 77}) h.record(v);
    const auto values = h.values();
    ASSERT_EQ(values.size(), 5u);
    EXPECT_EQ(values[0], 5);
    EXPECT_EQ(values[1], 5);
    EXPECT_EQ(values[2], 77);
    EXPECT_EQ(values[3], 900);
    EXPECT_NEAR(static_cast<double>(values[4]), 123456.0, 123456 * 0.001);
    EXPECT_TRUE(histogram().values().empty());
}

TEST(Histogram, MergeEqualsRecordingEverythingInOne) {
    histogram a, b, all;
    for (int v = 1; v < 200000; v += 7) {
        (v % 2 ? a : b).record(v);
        all.record(v);
    }
    a.merge(b);
    EXPECT_EQ(a.counts(), all.counts());
    EXPECT_EQ(a.percentile(99), all.percentile(99));
}

TEST(Histogram, ClampsToTheRange) {
    histogram h;
    h.record(0);
    h.record(-5);
    h.record(10 * histogram::highest);
    EXPECT_EQ(h.min(), 1);
    EXPECT_EQ(h.max(), histogram::highest);
}
