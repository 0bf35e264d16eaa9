// The name tables: every name applies, bad names and values are refused, and
// every requirement a fault claims to break is in the catalogue.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "fault_table.hpp"

namespace stompspec::testing {
namespace {

TEST(FaultTable, EveryFaultApplies) {
  for (const auto& f : fault_table()) {
    Faults faults;
    std::string why;
    const std::string arg = std::string(f.name) + (f.value.empty() ? "" : f.value == "N" ? "=2" : "=X");
    EXPECT_TRUE(apply_fault(faults, arg, &why)) << f.name << ": " << why;
  }
}

TEST(FaultTable, RefusesUnknownNamesAndMissingValues) {
  Faults f;
  Options o;
  Variations v;
  std::string why;
  EXPECT_FALSE(apply_fault(f, "no_such_fault", &why));
  EXPECT_FALSE(apply_fault(f, "crash_on", &why));
  EXPECT_FALSE(apply_fault(f, "no_receipts=1", &why));
  EXPECT_FALSE(apply_variation(v, "no_such_variation", &why));
  EXPECT_FALSE(apply_option(o, "port=70000", &why));
  EXPECT_FALSE(apply_option(o, "receipts", &why));
  EXPECT_TRUE(apply_option(o, "receipts=false", &why));
  EXPECT_FALSE(o.receipts);
  EXPECT_TRUE(apply_option(o, "versions=1.1,1.2", &why)) << why;
  EXPECT_EQ(o.versions.size(), 2u);
}

TEST(FaultTable, NamesAreUniqueAndRequirementsExist) {
  std::ifstream in(STOMPSPEC_SOURCE_DIR "/scenarios/requirements.json");
  ASSERT_TRUE(in) << "cannot read the catalogue";
  const auto cat = nlohmann::json::parse(in);
  std::set<std::string> ids;
  for (const auto& r : cat["requirements"]) ids.insert(r["id"].get<std::string>());
  std::set<std::string_view> names;
  for (const auto& f : fault_table()) {
    EXPECT_TRUE(names.insert(f.name).second) << "duplicate fault " << f.name;
    for (const auto& id : breaks_of(f)) EXPECT_TRUE(ids.contains(id)) << f.name << " names unknown requirement " << id;
  }
  for (const auto& v : variation_table()) EXPECT_TRUE(names.insert(v.name).second) << "duplicate name " << v.name;
}

}  // namespace
}  // namespace stompspec::testing
