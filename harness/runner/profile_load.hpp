#pragma once
// Reads and validates a profile (profile_load.cpp): every key is checked
// against profile_keys.hpp; each mistake names the file, line, key and the
// keys allowed there. nullopt when there is any.
#include <optional>
#include <string>
#include <vector>

#include "engine/profile.hpp"
#include "scenario/loader.hpp"

namespace stompspec {

std::optional<Profile> load_profile(const std::string& path, std::vector<Diagnostic>& errors);
std::optional<Profile> parse_profile(const std::string& text, const std::string& path, std::vector<Diagnostic>& errors);

}  // namespace stompspec
