#pragma once
// The hostile broker's misbehaviours (behaviours.cpp says what each does).
#include <string>
#include <vector>

#include "wire.hpp"

namespace hostile {

struct Options {
  std::string behaviour;
  int slow_seconds = 60;  // slowloris: how long the trickle lasts
};

const std::vector<std::string>& behaviours();
// One connection, start to end; throws when the client goes away.
void serve(Wire& wire, Scheme scheme, const Options& o);

}  // namespace hostile
