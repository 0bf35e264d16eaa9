// The small parts of the fuzzer: durations and rates, the loopback guard,
// ddmin, signature patterns, scenario raw chunks, the memory oracle.
#include <gtest/gtest.h>

#include <set>

#include "fuzzer/ddmin.hpp"
#include "fuzzer/duration.hpp"
#include "fuzzer/fuzzer.hpp"
#include "fuzzer/memory.hpp"
#include "fuzzer/minimize.hpp"
#include "fuzzer/scenario_out.hpp"
#include "fuzz_test_util.hpp"

namespace stompspec::fuzzer {
namespace {

using namespace std::string_literals;
using std::chrono::milliseconds;
using testutil::url_of;

TEST(Duration, ParsesSecondsMinutesHoursAndCombinations) {
  EXPECT_EQ(parse_duration("30s"), milliseconds(30'000));
  EXPECT_EQ(parse_duration("10m"), milliseconds(600'000));
  EXPECT_EQ(parse_duration("8h"), milliseconds(8 * 3'600'000));
  EXPECT_EQ(parse_duration("1h30m"), milliseconds(5'400'000));
  EXPECT_EQ(parse_duration("250ms"), milliseconds(250));
  EXPECT_EQ(parse_duration("45"), milliseconds(45'000)) << "a bare number is seconds";
}

TEST(Duration, RejectsNonsenseWithAReason) {
  for (const char* bad : {"", "10x", "-5s", "h", "5 s", "0s", "1.5h"}) {
    std::string why;
    EXPECT_FALSE(parse_duration(bad, &why).has_value()) << bad;
    EXPECT_FALSE(why.empty()) << bad;
  }
}

TEST(Rate, AcceptsPlainAndPerSecond) {
  EXPECT_EQ(parse_rate("200"), 200.0);
  EXPECT_EQ(parse_rate("12.5/s"), 12.5);
  EXPECT_FALSE(parse_rate("0").has_value());
  EXPECT_FALSE(parse_rate("fast").has_value());
  EXPECT_FALSE(parse_rate("-3/s").has_value());
}

TEST(LoopbackGuard, RefusesRemoteTargetsUnlessAllowed) {
  for (const char* ok : {"tcp://127.0.0.1:61613", "tcp://localhost:61613", "ws://[::1]:15674/ws", "tcp://127.1.2.3:1"})
    EXPECT_FALSE(refuse_target(url_of(ok), false).has_value()) << ok;
  for (const char* remote : {"tcp://10.0.0.1:61613", "ws://broker.example.com:15674/ws", "tcp://192.168.1.5:61613"}) {
    auto why = refuse_target(url_of(remote), false);
    ASSERT_TRUE(why.has_value()) << remote;
    EXPECT_NE(why->find("--allow-remote"), std::string::npos) << *why;
    EXPECT_FALSE(refuse_target(url_of(remote), true).has_value()) << remote;
  }
}

TEST(Ddmin, FindsTheOneMinimalSubsetThatStillFails) {
  std::vector<int> items(40);
  for (int i = 0; i < 40; ++i) items[static_cast<std::size_t>(i)] = i;
  int calls = 0;
  std::function<bool(const std::vector<int>&)> fails = [&](const std::vector<int>& c) {
    ++calls;
    return std::find(c.begin(), c.end(), 3) != c.end() && std::find(c.begin(), c.end(), 31) != c.end();
  };
  auto out = ddmin<int>(items, fails, [] { return false; });
  EXPECT_EQ(out, (std::vector<int>{3, 31}));
  EXPECT_LT(calls, 200);
}

TEST(Ddmin, StopsWhenToldAndKeepsWhatItHas) {
  std::vector<int> items(64, 1);
  int calls = 0;
  std::function<bool(const std::vector<int>&)> fails = [&](const std::vector<int>&) { return ++calls, true; };
  auto out = ddmin<int>(items, fails, [&] { return calls >= 3; });
  EXPECT_EQ(calls, 3);
  EXPECT_FALSE(out.empty());
  EXPECT_LT(out.size(), items.size());
}

// A stand-in for the broker: the "bug" shows when the writes, in order,
// contain BOOM within one write and a CONNECT line somewhere before it.
std::optional<SessionResult> boom(const std::vector<std::string>& writes) {
  bool connected = false;
  for (const auto& w : writes) {
    connected = connected || w.find("CONNECT\n") != std::string::npos;
    if (connected && w.find("BOOM") != std::string::npos) return SessionResult{};
  }
  return std::nullopt;
}

TEST(Minimize, ShrinksWritesThenLinesThenOctetsToWhatMatters) {
  const std::vector<std::string> writes = {"CONNECT\nlogin:a\npasscode:b\n\n\0"s, "SEND\ndestination:/q/a\n\nhello\0"s,
                                           std::string(500, '\n') + "SEND\nx:xBOOMx\n\n\0"s, "DISCONNECT\n\n\0"s};
  const Minimized m = minimize(writes, boom, {});
  ASSERT_TRUE(m.reproduced);
  EXPECT_EQ(m.stopped, "done");
  EXPECT_EQ(m.writes, (std::vector<std::string>{"CONNECT\n", "BOOM"}));
  EXPECT_EQ(m.writes_before, 4u);
  EXPECT_EQ(m.bytes_after, 12u);
  EXPECT_LT(m.replays, 400u) << "the 500 EOLs go as lines, not octet by octet";
  EXPECT_TRUE(m.last.has_value());
}

TEST(Minimize, ReplaysEachCandidateOnceAndCountsOnlyRealReplays) {
  const std::vector<std::string> writes = {"CONNECT\nlogin:a\n\n\0"s, "SEND\ndestination:/q/a\nx:xBOOMx\n\nhi\0"s,
                                           "DISCONNECT\n\n\0"s};
  std::set<std::vector<std::string>> asked;
  std::size_t calls = 0, repeats = 0;
  const Replay counting = [&](const std::vector<std::string>& c) {
    ++calls;
    if (!asked.insert(c).second) ++repeats;
    return boom(c);
  };
  const Minimized m = minimize(writes, counting, {});
  EXPECT_EQ(m.stopped, "done");
  EXPECT_EQ(m.writes, (std::vector<std::string>{"CONNECT\n", "BOOM"}));
  EXPECT_EQ(repeats, 0u);
  EXPECT_EQ(m.replays, calls);
}

TEST(Minimize, ReportsWhatDoesNotReproduceAndRespectsItsBudget) {
  const std::vector<std::string> writes = {"CONNECT\n\n\0"s, "SEND\n\nBOOM\0"s};
  const Minimized none = minimize({"SEND\n\n\0"s}, boom, {});
  EXPECT_FALSE(none.reproduced);
  EXPECT_EQ(none.stopped, "not reproducible");
  MinimizeBudget tight;
  tight.max_replays = 3;
  const Minimized cut = minimize(writes, boom, tight);
  EXPECT_TRUE(cut.reproduced);
  EXPECT_EQ(cut.stopped, "replay budget");
  EXPECT_LE(cut.replays, 3u);
}

TEST(Minimize, ShortestPrefixNamesTheCulpritWrite) {
  const std::vector<std::string> writes = {"CONNECT\n"s, "a"s, "b"s, "BOOM"s, "c"s, "d"s, "e"s, "f"s};
  std::size_t replays = 0;
  EXPECT_EQ(shortest_prefix(writes, boom, replays), 4u);
  EXPECT_LE(replays, 5u);
  EXPECT_FALSE(shortest_prefix({"x"s}, boom, replays).has_value());
  EXPECT_EQ(split_lines("A\nB\0C"s), (std::vector<std::string>{"A\n", "B\0"s, "C"}));
}

TEST(Signatures, StarMatchesAPrefixOtherwiseExact) {
  EXPECT_TRUE(signature_matches("open-after-error/*", "open-after-error/connected"));
  EXPECT_TRUE(signature_matches("missing-header/MESSAGE/subscription", "missing-header/MESSAGE/subscription"));
  EXPECT_FALSE(signature_matches("missing-header/MESSAGE", "missing-header/MESSAGE/subscription"));
  EXPECT_FALSE(signature_matches("broker-down/*", "broker-hang/SEND/no-nul"));
}

TEST(RawChunks, CredentialsBecomeVariablesAndDollarBracesAreEscaped) {
  const std::string connect = "CONNECT\nlogin:guest\npasscode:s3cret\n\n\0"s;
  auto j = raw_chunks(connect, "guest", "s3cret");
  ASSERT_TRUE(j.is_string());
  EXPECT_EQ(j.get<std::string>(), "CONNECT\nlogin:${login}\npasscode:${passcode}\n\n\0"s);
  EXPECT_EQ(raw_chunks("SEND\nx:${jndi}\n\n\0"s, {}, {}).get<std::string>(), "SEND\nx:$${jndi}\n\n\0"s);
}

TEST(RawChunks, OctetsThatAreNotUtf8GoAsHexWithTheSecretLeftOut) {
  const std::string connect = "CONNECT\npasscode:s3cret\nx:\xff\n\n\0"s;
  auto j = raw_chunks(connect, std::nullopt, "s3cret");
  ASSERT_TRUE(j.is_array()) << j.dump();
  ASSERT_EQ(j.size(), 3u);
  EXPECT_TRUE(j[0].contains("hex"));
  EXPECT_EQ(j[1], "${passcode}");
  EXPECT_EQ(j.dump().find("s3cret"), std::string::npos);
}

TEST(MemoryOracle, FlagsSustainedGrowthOnlyOnce) {
  GrowthDetector d({10, 3, 50 * 1024});
  for (int t = 0; t <= 60; ++t) d.add(t, 100'000 + t * 2'000);  // +2 MB/s for a minute
  auto found = d.check();
  ASSERT_TRUE(found.has_value());
  EXPECT_NE(found->find("floor rose in each of the last 3 windows"), std::string::npos) << *found;
  EXPECT_FALSE(d.check().has_value()) << "reported once";
}

TEST(MemoryOracle, IgnoresAPlateauAndSmallGrowth) {
  GrowthDetector plateau({10, 3, 50 * 1024});
  for (int t = 0; t <= 60; ++t) plateau.add(t, t < 15 ? 100'000 + t * 10'000 : 250'000);
  EXPECT_FALSE(plateau.check().has_value());
  GrowthDetector small({10, 3, 50 * 1024});
  for (int t = 0; t <= 60; ++t) small.add(t, 100'000 + t * 100);  // rising, but 6 MB in all
  EXPECT_FALSE(small.check().has_value());
}

TEST(MemoryOracle, IgnoresGarbageCollectionSwingsWithRisingPeaks) {
  // RabbitMQ under fuzzing: back to ~300 MiB after every collection, peaks ever higher.
  GrowthDetector d({10, 3, 50 * 1024});
  for (int t = 0; t <= 120; ++t) d.add(t, t % 10 == 0 ? 300'000 : 300'000 + t * 10'000);
  EXPECT_FALSE(d.check().has_value());
}

TEST(MemoryOracle, ReadsOurOwnResidentSet) {
  auto kb = read_rss_kb(getpid());
  ASSERT_TRUE(kb.has_value());
  EXPECT_GT(*kb, 0);
  EXPECT_FALSE(read_rss_kb(-1).has_value());
}

}  // namespace
}  // namespace stompspec::fuzzer
