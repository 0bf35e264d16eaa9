// Fuzz findings never hold the passcode: a mutated session can carry it
// outside the `passcode:` header line (an escaped name, a moved value, a
// body), where redact_passcodes() does not look; the store replaces every
// occurrence in every file it writes, finding.json included.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "fuzzer/findings.hpp"
#include "core/redact.hpp"

namespace stompspec::fuzzer {
namespace {

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(FindingStore, NoFileHoldsTheSecretWhereverTheMutationPutIt) {
  auto root = std::filesystem::temp_directory_path() / ("stompspec-secret-" + std::to_string(::getpid()));
  const std::string secret = "pw-81723-sekrit";
  FindingStore store(root.string());
  store.set_secret(secret);
  FindingRecord rec;
  rec.signature = "invalid-frame/ERROR/value-encoding";
  rec.detail = "ERROR echoed 'pass\\ccode:" + secret + "'";
  FindingRecord& r = store.add(rec);
  store.write_file(r, "sent.bin", "CONNECT\npass\\ccode:" + secret + "\nx-" + secret + ":1\n\n" + secret + std::string(1, '\0'));
  store.write_file(r, "transcript.txt", "-> passcode moved: " + secret + secret);
  store.write_record(r);
  for (const auto& f : std::filesystem::directory_iterator(root / r.dir)) {
    const std::string text = read(f.path());
    EXPECT_EQ(text.find(secret), std::string::npos) << f.path();
    if (f.path().filename() == "sent.bin") {
      EXPECT_NE(text.find("pass\\ccode:********"), std::string::npos) << text;
    }
  }
  std::filesystem::remove_all(root);
}

}  // namespace
}  // namespace stompspec::fuzzer
