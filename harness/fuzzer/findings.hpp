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

  // Writes a file of r's first example and lists it in r.files; false (and
  // nothing written, the file counted as not saved) when it would take the
  // example files past the disk cap.
  bool write_file(FindingRecord& r, const std::string& name, std::string_view content);
  void write_record(const FindingRecord& r);  // finding.json
  // A value no file may hold (the passcode): mutated sessions move it out of
  // the `passcode:` header lines redact_passcodes() recognises, so every
  // occurrence is replaced in everything this store writes.
  void set_secret(std::optional<std::string> secret) { secret_ = std::move(secret); }

  // --max-findings-bytes: what the example files (sent.bin, transcripts,
  // scenario files, attachments) may take on disk together; 0: no cap.
  // finding.json and the summary are always written: they are a few KiB per
  // signature and say what was not saved.
  void set_max_bytes(std::size_t max) { max_bytes_ = max; }
  std::size_t max_bytes() const { return max_bytes_; }
  std::size_t bytes_saved() const { return bytes_saved_; }
  std::size_t files_not_saved() const { return files_not_saved_; }
  std::size_t bytes_not_saved() const { return bytes_not_saved_; }

 private:
  std::string scrub(std::string_view content) const;
  std::string root_;
  std::optional<std::string> secret_;
  std::vector<FindingRecord> records_;
  std::size_t max_bytes_ = 0, bytes_saved_ = 0, files_not_saved_ = 0, bytes_not_saved_ = 0;
  std::map<std::string, std::size_t> sizes_;  // every example file written, by path: a rewrite replaces its size
};

// A folder name for a signature: safe on every file system, unique in root.
std::string signature_dir(std::string_view signature);

}  // namespace stompspec::fuzzer
