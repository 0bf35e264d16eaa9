#pragma once
// The profile of the fake broker: the credentials it takes, and waits an
// in-process broker meets easily, so tests stay short.
#include "engine/profile.hpp"

namespace stompspec::testing {

inline Profile fake_profile() {
  Profile p;
  p.name = "fake";
  p.login = "guest";
  p.passcode = "guest";
  p.host = "/";
  p.expect_ms = 1000;
  p.silence_ms = 200;
  return p;
}

}  // namespace stompspec::testing
