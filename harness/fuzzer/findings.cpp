#include "fuzzer/findings.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>

#include "core/utf8.hpp"

namespace stompspec::fuzzer {
namespace fs = std::filesystem;

nlohmann::json FindingRecord::to_json() const {
  nlohmann::json j = {
      {"signature", utf8::sanitize(signature)},
      {"oracle", to_string(oracle)},
      {"severity", to_string(severity)},
      {"known", known},
      {"count", count},
      {"dir", dir},
      {"detail", utf8::sanitize(detail)},
      {"first", {{"seed", seed}, {"session", session}, {"seen_after_s", first_seen_s}, {"transport", transport},
                 {"version", version}}},
      {"files", files},
      {"by_culprit", culprits}};
  if (known) j["known_reason"] = utf8::sanitize(known_reason);
  if (minimize.attempted)
    j["minimization"] = {{"reproduced", minimize.reproduced}, {"replays", minimize.replays},
                         {"stopped", minimize.stopped},
                         {"before", {{"writes", minimize.writes_before}, {"bytes", minimize.bytes_before}}},
                         {"after", {{"writes", minimize.writes_after}, {"bytes", minimize.bytes_after}}}};
  return j;
}

std::string signature_dir(std::string_view signature) {
  std::string out;
  for (char c : signature) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '/') out += "__";
    else if (std::isalnum(u) || c == '-' || c == '.' || c == '_') out += c;
    else out += '_';
  }
  if (out.size() > 120) out.resize(120);
  return out.empty() ? "finding" : out;
}

FindingStore::FindingStore(std::string root) : root_(std::move(root)) { fs::create_directories(root_); }

FindingRecord* FindingStore::find(const std::string& signature) {
  for (auto& r : records_)
    if (r.signature == signature) return &r;
  return nullptr;
}

FindingRecord& FindingStore::add(FindingRecord r) {
  const std::string base = signature_dir(r.signature);
  r.dir = base;
  // Unique within this run; a folder left by an earlier run is overwritten.
  auto taken = [&](const std::string& d) {
    return std::any_of(records_.begin(), records_.end(), [&](const FindingRecord& x) { return x.dir == d; });
  };
  for (int n = 2; taken(r.dir); ++n) r.dir = base + "-" + std::to_string(n);
  std::error_code ignored;
  fs::remove_all(fs::path(root_) / r.dir, ignored);  // stale files of an earlier run would mislead
  fs::create_directories(fs::path(root_) / r.dir);
  records_.push_back(std::move(r));
  return records_.back();
}

std::string FindingStore::scrub(std::string_view content) const {
  std::string s(content);
  if (!secret_ || secret_->empty()) return s;
  for (std::size_t at = 0; (at = s.find(*secret_, at)) != std::string::npos; at += 8) s.replace(at, secret_->size(), "********");
  return s;
}

bool FindingStore::write_file(FindingRecord& r, const std::string& name, std::string_view content) {
  const fs::path path = fs::path(root_) / r.dir / name;
  const std::string clean = scrub(content);
  std::size_t& size = sizes_[path.string()];
  const std::size_t after = bytes_saved_ - size + clean.size();
  if (max_bytes_ > 0 && after > max_bytes_) {
    ++files_not_saved_;
    bytes_not_saved_ += clean.size();
    return false;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(clean.data(), static_cast<std::streamsize>(clean.size()));
  bytes_saved_ = after;
  size = clean.size();
  if (std::find(r.files.begin(), r.files.end(), name) == r.files.end()) r.files.push_back(name);
  return true;
}

void FindingStore::write_record(const FindingRecord& r) {
  std::ofstream out(fs::path(root_) / r.dir / "finding.json", std::ios::trunc);
  out << scrub(r.to_json().dump(2)) << "\n";
}

}  // namespace stompspec::fuzzer
