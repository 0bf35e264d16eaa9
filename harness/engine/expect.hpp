#pragma once
// Waits for one of several acceptable event sequences (outcomes) on a
// session, h2spec style: the first outcome to complete wins.
#include <optional>
#include <string>
#include <vector>

#include "engine/session.hpp"
#include "scenario/model.hpp"
#include "scenario/variables.hpp"

namespace stompspec {

struct ExpectResult {
  const Outcome* matched = nullptr;  // null: no outcome occurred
  std::string expected;              // the outcomes, in words
  std::string actual;                // what was observed, in words
  std::string why;                   // why the closest outcome failed
  std::string error;                 // a scenario problem (unknown variable)
};

// Why `ev` cannot match `m` whatever its headers: the strict parser objected
// to the frame and the matcher does not allow that. Nothing when it may match.
std::optional<std::string> disqualifying_violation(const FrameMatcher& m, const ParseEvent& ev);

// How long expectations wait when the scenario does not say.
struct ExpectTimes {
  Millis frame{2000};        // a frame or a close
  Millis silence{300};       // a silence without a length
  Millis after_error{1000};  // {"silence": "after_error"}: how long a broker may linger after ERROR
};

ExpectResult expect_outcomes(Session& s, const std::vector<Outcome>& outcomes, Variables& vars, const ExpectTimes& times);

// Whether a close observed as `ob` is the close `e` asks for ("" any, "clean", "reset").
bool close_fits(const Expectation& e, const Observation& ob);

}  // namespace stompspec
