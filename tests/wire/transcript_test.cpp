// The one wire transcript (engine sessions and fuzzer connections): passcodes
// never kept, entries cut, the whole log capped.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "wire/transcript.hpp"

namespace stompspec::wire {
namespace {

TEST(Transcript, RedactsOctetsButNotEvents) {
  std::vector<TranscriptEntry> out;
  Transcript t(out);
  t.sent("a", "CONNECT\npasscode:secret\n\n");
  t.received("a", "ERROR\nmessage:bad passcode\npasscode:secret\n\n");
  t.event("a", "passcode:is prose here");
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].data, "CONNECT\npasscode:********\n\n");
  EXPECT_EQ(out[0].kind, TranscriptEntry::Kind::sent);
  EXPECT_EQ(out[1].data.find("secret"), std::string::npos);
  EXPECT_EQ(out[2].data, "passcode:is prose here");
  EXPECT_EQ(out[2].client, "a");
}

TEST(Transcript, CutsALongEntryWithANote) {
  std::vector<TranscriptEntry> out;
  Transcript t(out, {10, 100, 1000});
  t.received("a", std::string(25, 'x'));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].data, std::string(10, 'x') + "\n[… 15 more octets not shown]");
}

TEST(Transcript, StopsAtTheEntryCapWithOneNote) {
  std::vector<TranscriptEntry> out;
  Transcript t(out, {64, 3, 1000});
  for (int i = 0; i < 10; ++i) t.sent("a", "x");
  ASSERT_EQ(out.size(), 4u);
  EXPECT_TRUE(t.truncated());
  EXPECT_EQ(out[3].data, "[wire log stops here: 3 entries, 3 octets kept]");
}

TEST(Transcript, StopsAtTheOctetCap) {
  std::vector<TranscriptEntry> out;
  Transcript t(out, {64, 100, 10});
  for (int i = 0; i < 5; ++i) t.received("a", "12345");
  ASSERT_EQ(out.size(), 3u);  // 5 + 5 octets, then the note
  EXPECT_EQ(out[2].kind, TranscriptEntry::Kind::event);
}

}  // namespace
}  // namespace stompspec::wire
