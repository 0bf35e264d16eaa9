#pragma once
// The findings folder: one sub-folder per signature (oracle + command +
// mutation, or what the oracle names), holding the first example's raw
// octets, transcript, minimised reproduction and scenario file, and a
// finding.json with the count of every occurrence since.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "fuzzer/oracle.hpp"

namespace stompspec::fuzzer {

struct MinimizeStats {
  bool attempted = false;
  bool reproduced = false;
  std::size_t replays = 0;
  std::string stopped;
  std::size_t writes_before = 0, bytes_before = 0, writes_after = 0, bytes_after = 0;
};

struct FindingRecord {
  std::string signature;       // "broker-down/SEND/content-length-huge"
  Oracle oracle = Oracle::broker_down;
  Severity severity = Severity::medium;
  bool known = false;          // a known behaviour of this target (profile deviation or --known)
  std::string known_reason;
  std::size_t count = 0;       // sessions that showed it
  std::string dir;             // folder under the findings root
  std::string detail;          // the first example, for people
  std::uint64_t seed = 0, session = 0;
  double first_seen_s = 0;
  std::string transport, version;
  MinimizeStats minimize;
  std::map<std::string, std::size_t> culprits;  // "SUBSCRIBE/header-drop" -> sessions: which client frames preceded it
  std::vector<std::string> files;  // the first example's files, relative to dir

  nlohmann::json to_json() const;
};

class FindingStore {
 public:
  explicit FindingStore(std::string root);  // creates root

  FindingRecord* find(const std::string& signature);
  FindingRecord& add(FindingRecord r);      // picks its folder and creates it
  const std::vector<FindingRecord>& all() const { return records_; }
  const std::string& root() const { return root_; }

  // Writes a file of r's first example and lists it in r.files.
  void write_file(FindingRecord& r, const std::string& name, std::string_view content);
  void write_record(const FindingRecord& r);  // finding.json
  // A value no file may hold (the passcode): mutated sessions move it out of
  // the `passcode:` header lines redact_passcodes() recognises, so every
  // occurrence is replaced in everything this store writes.
  void set_secret(std::optional<std::string> secret) { secret_ = std::move(secret); }

 private:
  std::string scrub(std::string_view content) const;
  std::string root_;
  std::optional<std::string> secret_;
  std::vector<FindingRecord> records_;
};

// A folder name for a signature: safe on every file system, unique in root.
std::string signature_dir(std::string_view signature);

}  // namespace stompspec::fuzzer
