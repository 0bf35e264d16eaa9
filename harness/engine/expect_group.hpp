#pragma once
// Expectations over more than one frame at a time, for behaviour the spec
// leaves open: frames one connection receives in any order, and a frame that
// exactly one of several connections receives (competing consumers).
#include <string>
#include <vector>

#include "engine/session.hpp"
#include "scenario/model.hpp"
#include "scenario/variables.hpp"

namespace stompspec {

struct GroupResult {
  bool ok = false;
  std::string why;       // what went wrong, when !ok and error is empty
  std::string expected;  // in words, for the report
  std::string actual;    // what was observed, in words
  std::string error;     // a scenario problem (unknown variable): not the broker's fault
  std::string winner;    // expect_one_client: the client that received the frame
};

// Each matcher must be met by a frame of its own, in any order. Frames are
// paired with matchers by bipartite matching, so overlapping matchers accept
// every order a correct broker may use. Each next frame may take `timeout`;
// heart-beats do not stretch it. Captures are stored for the final pairing only.
GroupResult expect_unordered(Session& s, const std::vector<FrameMatcher>& matchers, Variables& vars, Millis timeout);

// Exactly one of `sessions` receives a frame matching `m` within `timeout`;
// the others receive nothing until `silence` after it came. Any other frame on
// a listed session fails, as a single expect does. The winner's session is
// only pumped after its frame, so what it receives next is left for later steps.
GroupResult expect_one_client(const std::vector<Session*>& sessions, const FrameMatcher& m, Variables& vars,
                              Millis timeout, Millis silence);

}  // namespace stompspec
