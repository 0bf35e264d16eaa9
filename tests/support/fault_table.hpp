#pragma once
// Faults, legal variations and broker options by name: one table each, used
// by the standalone fake-broker (--fault/--variation/--option, --list), by
// the tests and by the kill-matrix generator, so a name means the same
// everywhere. Each fault names the catalogue requirement(s) it breaks.
#include <string>
#include <string_view>
#include <vector>

#include "fake_broker.hpp"

namespace stompspec::testing {

struct FaultSpec {
  std::string_view name;    // the Faults field
  std::string_view breaks;  // requirement ids, space separated; empty: none in the catalogue
  std::string_view value;   // "" for a switch, else what NAME=VALUE takes
  void (*set)(Faults&, const std::string& value);
};

struct VariationSpec {
  std::string_view name;  // the Variations field
  std::string_view doc;
  void (*set)(Variations&);
};

struct OptionSpec {
  std::string_view name;
  std::string_view doc;
  // False when the value is unusable; *why then says so.
  bool (*set)(Options&, const std::string& value, std::string* why);
};

const std::vector<FaultSpec>& fault_table();
const std::vector<VariationSpec>& variation_table();
const std::vector<OptionSpec>& option_table();

// "name" or "name=value". False, with *why, for an unknown name or bad value.
bool apply_fault(Faults& f, const std::string& arg, std::string* why);
bool apply_variation(Variations& v, const std::string& name, std::string* why);
bool apply_option(Options& o, const std::string& arg, std::string* why);

// Every legal variation switched on at once.
Variations all_variations();

// The requirement ids a fault breaks, split.
std::vector<std::string> breaks_of(const FaultSpec& f);

}  // namespace stompspec::testing
