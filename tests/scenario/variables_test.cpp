#include <gtest/gtest.h>

#include "scenario/variables.hpp"

namespace stompspec {
namespace {

TEST(Variables, GeneratedDestinationsAreStableWithinACaseAndUniqueAcrossCases) {
  Variables a(Naming{"/queue/", "/topic/", "run1-1", "/queue/"});
  Variables b(Naming{"/queue/", "/topic/", "run1-2", "/queue/"});
  std::string err;
  auto q1 = a.expand("${queue}", &err);
  ASSERT_TRUE(q1);
  EXPECT_EQ(*q1, "/queue/run1-1-default");
  EXPECT_EQ(*a.expand("${queue}", &err), *q1);
  EXPECT_NE(*a.expand("${queue:other}", &err), *q1);
  EXPECT_NE(*b.expand("${queue}", &err), *q1);
  EXPECT_EQ(*a.expand("${topic:t}", &err), "/topic/run1-1-t");
  EXPECT_EQ(*a.expand("x-${uid:r}-y", &err), "x-run1-1-r-y");
}

TEST(Variables, LiteralsAndErrors) {
  Variables v;
  v.set("login", "guest");
  std::string err;
  EXPECT_EQ(*v.expand("$${login} is ${login}", &err), "${login} is guest");
  EXPECT_FALSE(v.expand("${nope}", &err));
  EXPECT_EQ(err, "unknown variable ${nope}");
  EXPECT_FALSE(v.expand("${login", &err));
  EXPECT_NE(err.find("unterminated"), std::string::npos);
  EXPECT_EQ(*v.expand("no vars, $ alone, {}", &err), "no vars, $ alone, {}");
}

}  // namespace
}  // namespace stompspec

#include "scenario/loader.hpp"

namespace stompspec {
namespace {

TEST(NaturalOrder, NumbersSortByValue) {
  EXPECT_TRUE(natural_less("stomp12/send/2", "stomp12/send/10"));
  EXPECT_FALSE(natural_less("stomp12/send/10", "stomp12/send/2"));
  EXPECT_TRUE(natural_less("stomp11/x/9", "stomp12/a/1"));
  EXPECT_TRUE(natural_less("a/1", "a/1@1.1"));
  EXPECT_FALSE(natural_less("a/1", "a/1"));
  EXPECT_TRUE(natural_less("a/02", "a/3"));
}

}  // namespace
}  // namespace stompspec

namespace stompspec {
namespace {

// ${dest} follows the target: a queue where it has them, else a topic.
TEST(Variables, DestIsAQueueOrATopicAsTheTargetOffers) {
  std::string err;
  Variables with(Naming{"/queue/", "/topic/", "r-1", "/queue/"});
  EXPECT_EQ(*with.expand("${dest}", &err), "/queue/r-1-default");
  Variables without(Naming{"/queue/", "/topic/", "r-1", "/topic/"});
  EXPECT_EQ(*without.expand("${dest:a}", &err), "/topic/r-1-a");
  EXPECT_NE(*without.expand("${dest:a}", &err), *without.expand("${dest:b}", &err));
}

}  // namespace
}  // namespace stompspec
