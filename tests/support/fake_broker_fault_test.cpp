// Each fault must visibly break its requirement; otherwise a check "proven"
// to fail against it proves nothing.
#include <gtest/gtest.h>

#include "fake_broker.hpp"
#include "test_client.hpp"

namespace stompspec::testing {
namespace {
}  // namespace
}  // namespace stompspec::testing
