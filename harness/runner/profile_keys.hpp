#pragma once
// The vocabulary of a profile in one table: every feature, limit and timeout
// a profile may name, with its default. The loader rejects anything else (a
// misspelt key must never be silently ignored), the runner refuses a case
// that needs a feature no profile could declare, and docs/profiles.md and
// targets/profile.schema.json are checked against it by the tests.
#include <string>
#include <vector>

namespace stompspec {

struct Profile;

struct FeatureKey {
  std::string name;                 // key under "features"
  std::vector<std::string> values;  // a list feature's allowed items (default: all); empty: yes/no (default: yes)
  std::string case_prefix;          // how a case asks for one item ("ack:" -> "ack:client"); "" for yes/no
};

struct TimeoutKey {
  std::string name;                 // key under "timeouts"
  int Profile::*field;
};

const std::vector<FeatureKey>& profile_features();
const std::vector<std::string>& profile_limits();  // keys under "limits"
const std::vector<TimeoutKey>& profile_timeouts();
const FeatureKey* find_feature(const std::string& name);
// Values of the top-level "barrier" key: how a step's "receipt": true waits.
const std::vector<std::string>& profile_barriers();

// Can a profile say whether it offers this case feature ("nack",
// "ack:client", "limit:max_body_size")? If not, *why says so and what is known.
bool known_case_feature(const std::string& feature, std::string* why);

}  // namespace stompspec
