// Nightly: each legal variation alone adds no failing case, and the known
// baseline (cases failing against the plain correct broker) is exact.
#include <set>

#include "fault_table.hpp"
#include "variations_check.hpp"

namespace stompspec::killmatrix {
namespace {

TEST(LegalVariations, BaselineIsExact) {
  testing::FakeBroker broker;
  std::set<std::string> failing;
  for (const auto& r : run_cases(shipped_cases(), broker, true, true)) {
    if (!is_failure(r)) continue;
    failing.insert(key_of(r));
    EXPECT_TRUE(known_baseline().contains(key_of(r))) << "fails on a correct broker: " << key_of(r) << ": " << r.message;
  }
  for (const auto& [key, why] : known_baseline())
    EXPECT_TRUE(failing.contains(key)) << "passes now, drop it from known_baseline(): " << key;
}

// Brokers that lack a feature, with a profile that says so: cases must skip
// or pass, never fail. Spring's simple broker answers only DISCONNECT's
// receipt; some brokers have topics only.
void expect_no_failure_without(const char* feature, testing::Options o) {
  testing::FakeBroker broker({}, std::move(o));
  Profile p = quick_profile();
  p.features[feature] = false;
  for (const auto& r : run_cases(shipped_cases(), broker, true, true, p))
    if (is_failure(r) && !known_baseline().contains(key_of(r)))
      ADD_FAILURE() << "without " << feature << ": " << key_of(r) << " " << to_string(r.status) << ": " << r.message;
}

TEST(ProfileFeatures, NoReceiptsButForDisconnect) {
  testing::Options o;
  o.receipts = false;
  expect_no_failure_without("receipts", o);
}

TEST(ProfileFeatures, TopicsOnly) {
  testing::Options o;
  o.queues = false;
  expect_no_failure_without("queues", o);
}

class OneVariation : public ::testing::TestWithParam<std::size_t> {};

TEST_P(OneVariation, FailsNoCase) {
  const auto& spec = testing::variation_table()[GetParam()];
  testing::Variations v;
  spec.set(v);
  expect_no_new_failure(v, std::string(spec.name));
}

INSTANTIATE_TEST_SUITE_P(Each, OneVariation, ::testing::Range<std::size_t>(0, testing::variation_table().size()),
                         [](const auto& p) { return std::string(testing::variation_table()[p.param].name); });

}  // namespace
}  // namespace stompspec::killmatrix
