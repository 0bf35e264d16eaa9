#include "wire/transcript.hpp"

#include <fmt/format.h>

#include "core/redact.hpp"

namespace stompspec::wire {

Transcript::Transcript(std::vector<TranscriptEntry>& out, TranscriptCaps caps)
    : out_(out), caps_(caps), start_(clock::Steady::now()) {}

void Transcript::add(const std::string& client, TranscriptEntry::Kind kind, std::string_view data) {
  if (truncated_) return;
  if (out_.size() >= caps_.max_entries || bytes_ >= caps_.max_bytes) {
    truncated_ = true;
    out_.push_back({elapsed_ms(), client, TranscriptEntry::Kind::event,
                    fmt::format("[wire log stops here: {} entries, {} octets kept]", out_.size(), bytes_)});
    return;
  }
  std::string kept(data.substr(0, caps_.max_entry));
  // Redacted before the note is added: the note is ours, the octets are not.
  if (kind != TranscriptEntry::Kind::event) kept = redact_passcodes(kept);
  if (data.size() > caps_.max_entry) kept += fmt::format("\n[… {} more octets not shown]", data.size() - caps_.max_entry);
  bytes_ += kept.size();
  out_.push_back({elapsed_ms(), client, kind, std::move(kept)});
}

}  // namespace stompspec::wire
