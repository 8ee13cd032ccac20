// The load generator's self-measurement: the share of its cores it used
// over a run, and the warning every output carries above half of them.
#include "load/generator_load.hpp"

#include <gtest/gtest.h>

using wsgate::load::generator_load_of;

TEST(GeneratorLoad, AShareAboveHalfItsCoresIsOverloadedAndSaysSo) {
    const auto busy = generator_load_of(3.0, 5.0, 1);
    EXPECT_DOUBLE_EQ(busy.core_share, 0.6);
    EXPECT_TRUE(busy.overloaded());
    EXPECT_EQ(busy.warning(),
              "the load generator used 60 % of its 1 core: the figures describe the generator as much as the target "
              "(more --threads or --processes, or a machine of its own, would tell them apart)");
    const auto spread = generator_load_of(3.0, 5.0, 2);
    EXPECT_DOUBLE_EQ(spread.core_share, 0.3);
    EXPECT_FALSE(spread.overloaded());
    EXPECT_TRUE(spread.warning().empty());
}

TEST(GeneratorLoad, ARunOfNoTimeHasNoShareAndNoCoresCountAsOne) {
    EXPECT_DOUBLE_EQ(generator_load_of(1.0, 0.0, 4).core_share, 0.0);
    EXPECT_EQ(generator_load_of(1.0, 1.0, 0).cores, 1u);
}
