// Default tier: every legal variation at once adds no failing case.
#include "fault_table.hpp"
#include "variations_check.hpp"

namespace stompspec::killmatrix {
namespace {

TEST(LegalVariations, AllAtOnceFailNoCase) { expect_no_new_failure(testing::all_variations(), "all variations"); }

}  // namespace
}  // namespace stompspec::killmatrix
