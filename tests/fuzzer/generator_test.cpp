// Session plans: the same seed gives the same frames, every mutation kind
// is reachable, and plans look like what the docs promise.
#include <gtest/gtest.h>

#include <set>

#include "codec/parser.hpp"
#include "fuzzer/generator.hpp"

namespace stompspec::fuzzer {
namespace {

GenOptions options() {
  GenOptions g;
  g.login = "guest";
  g.passcode = "guest";
  g.host = "/";
  return g;
}

std::vector<std::string> octets(const Plan& p) {
  std::vector<std::string> out;
  for (const auto& w : p.writes) out.push_back(w.bytes);
  return out;
}

TEST(Generator, SameSeedAndSessionGiveTheSameFramesWhateverRanBefore) {
  const GenOptions g = options();
  std::vector<std::vector<std::string>> first;
  for (std::uint64_t s = 0; s < 50; ++s) first.push_back(octets(make_plan(g, 42, s)));
  // Session 37 alone, and the whole run again in reverse: no hidden state.
  EXPECT_EQ(octets(make_plan(g, 42, 37)), first[37]);
  for (std::uint64_t s = 50; s-- > 0;) EXPECT_EQ(octets(make_plan(g, 42, s)), first[s]) << "session " << s;
}

TEST(Generator, OtherSeedsAndSessionsGiveOtherFrames) {
  const GenOptions g = options();
  EXPECT_NE(octets(make_plan(g, 42, 0)), octets(make_plan(g, 43, 0)));
  EXPECT_NE(octets(make_plan(g, 42, 0)), octets(make_plan(g, 42, 1)));
}

TEST(Generator, EveryMutationKindIsReachedWithinAFewThousandSessions) {
  const GenOptions g = options();
  std::set<std::string> seen;
  for (std::uint64_t s = 0; s < 4000; ++s)
    for (const auto& w : make_plan(g, 7, s).writes)
      if (!w.mutation.empty()) seen.insert(w.mutation);
  for (const auto& name : mutation_names()) EXPECT_TRUE(seen.count(name)) << name << " never generated";
  EXPECT_EQ(seen.size(), mutation_names().size());
}

TEST(Generator, UnmutatedFramesAreStrictlyValidAndConnectComesFirst) {
  const GenOptions g = options();
  int pre_connect = 0;
  for (std::uint64_t s = 0; s < 300; ++s) {
    Plan p = make_plan(g, 11, s);
    ASSERT_FALSE(p.writes.empty());
    pre_connect += p.pre_connect;
    if (!p.pre_connect) {
      EXPECT_TRUE(p.writes[0].command == "CONNECT" || p.writes[0].command == "STOMP") << s;
    }
    for (const auto& w : p.writes) {
      if (!w.mutation.empty()) continue;
      Parser parser(p.version, Peer::client);
      parser.feed(fill_placeholders(w.bytes, {}));
      auto ev = parser.next();
      ASSERT_TRUE(ev.has_value()) << w.bytes;
      EXPECT_EQ(ev->kind, ParseEvent::Kind::frame) << w.bytes;
      EXPECT_TRUE(ev->violations.empty()) << w.bytes << ": " << ev->violations[0].what;
      EXPECT_EQ(ev->frame.command, w.command);
      EXPECT_EQ(parser.buffered(), 0u);
    }
  }
  EXPECT_GT(pre_connect, 10) << "some sessions send frames before CONNECT on purpose";
  EXPECT_LT(pre_connect, 70);
}

TEST(Generator, PlaceholdersTakeTheLastMessagesIds) {
  LastMessage last{"ack-7", "m-7", "s-3"};
  EXPECT_EQ(fill_placeholders("ACK\nid:@@ack@@\n\n", last), "ACK\nid:ack-7\n\n");
  EXPECT_EQ(fill_placeholders("ACK\nmessage-id:@@message-id@@\nsubscription:@@subscription@@\n\n", last),
            "ACK\nmessage-id:m-7\nsubscription:s-3\n\n");
  EXPECT_EQ(fill_placeholders("ACK\nid:@@ack@@\n\n", {}), "ACK\nid:no-such-ack\n\n");
}

TEST(Generator, DestinationsComeFromASmallFixedSet) {
  const GenOptions g = options();
  std::set<std::string> destinations;
  for (std::uint64_t s = 0; s < 500; ++s)
    for (const auto& w : make_plan(g, 3, s).writes) {
      if (!w.mutation.empty()) continue;
      const auto at = w.bytes.find("\ndestination:");
      if (at != std::string::npos) destinations.insert(w.bytes.substr(at + 13, w.bytes.find('\n', at + 1) - at - 13));
    }
  EXPECT_LE(destinations.size(), 8u) << "queues must not pile up on the broker";
  for (const auto& d : destinations) EXPECT_NE(d.find("stompspec-fuzz-"), std::string::npos) << d;
}

}  // namespace
}  // namespace stompspec::fuzzer
