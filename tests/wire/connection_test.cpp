// wire::Connection against scripted loopback peers (tests/transport's
// TestServer): the version switch at CONNECTED, 1.0-form ERRORs before it,
// the parser's limits, the capped transcript, deadlines on open and read,
// and how a close is told (orderly, reset, by the client).
#include <gtest/gtest.h>

#include <sys/socket.h>

#include <thread>

#include "../transport/test_server.hpp"
#include "wire/connection.hpp"

namespace stompspec::wire {
namespace {

using namespace std::chrono_literals;
using test::TestServer;
using test::tcp;
using test::close_clean;
using test::close_reset;

constexpr Millis kLong{10000};  // only bounds how long a broken Connection takes to fail
const std::string kNul(1, '\0');

Url url_of(const TestServer& server, const char* scheme = "tcp", const char* path = "") {
  return *Url::parse(server.url(scheme, path));
}

// Every event until the connection ends (or kLong passes).
std::vector<Incoming> read_all(Connection& c) {
  std::vector<Incoming> out;
  const auto deadline = Clock::now() + kLong;
  for (;;) {
    while (auto in = c.next()) out.push_back(std::move(*in));
    if (c.closed() || Clock::now() >= deadline) return out;
    c.read_once(deadline);
  }
}

bool logged(const std::vector<TranscriptEntry>& log, std::string_view text) {
  for (const auto& e : log)
    if (e.kind == TranscriptEntry::Kind::event && e.data.find(text) != std::string::npos) return true;
  return false;
}

TestServer::Script sends(std::string octets, void (*ending)(tcp::socket&) = close_clean) {
  return [octets, ending](tcp::socket& s, TestServer&) {
    test::write_all(s, octets);
    ending(s);
  };
}

// 1.0 reads a header value as it stands; 1.2 turns "\c" into ':'.
const std::string kConnected10 = "CONNECTED\nversion:1.0\n\n" + kNul;
const std::string kMessage = "MESSAGE\ndestination:/q/a\\cb\nmessage-id:1\n\n" + kNul;

TEST(Connection, SwitchesToTheVersionConnectedNames) {
  TestServer server(sends(kConnected10 + kMessage));
  ConnectionOptions opt;
  opt.version_from_connected = true;
  Connection c("a", url_of(server), Version::v1_2, opt, TranscriptCaps{});
  ASSERT_FALSE(c.open(kLong));
  auto events = read_all(c);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].version, Version::v1_2);
  EXPECT_FALSE(events[0].negotiated);
  EXPECT_EQ(events[1].version, Version::v1_0);
  EXPECT_TRUE(events[1].negotiated);
  EXPECT_EQ(*events[1].event.frame.find("destination"), "/q/a\\cb");
  EXPECT_TRUE(events[1].event.violations.empty());
}

TEST(Connection, LeavesTheSwitchToTheCallerByDefault) {
  TestServer server(sends(kConnected10 + kMessage));
  Connection c("a", url_of(server), Version::v1_2, {}, TranscriptCaps{});
  ASSERT_FALSE(c.open(kLong));
  auto connected = c.next();
  for (const auto deadline = Clock::now() + kLong; !connected && c.read_once(deadline);) connected = c.next();
  ASSERT_TRUE(connected && connected->event.frame.command == "CONNECTED");
  EXPECT_TRUE(c.negotiated());
  EXPECT_EQ(c.version(), Version::v1_2);
  c.set_version(Version::v1_0);  // what the engine does once it has judged CONNECTED
  auto events = read_all(c);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(*events[0].event.frame.find("destination"), "/q/a\\cb");
}

// A raw ':' in a value is 1.0 form: fine in an ERROR before CONNECTED, a
// violation in an ERROR after it.
const std::string kError10 = "ERROR\nmessage:bad: very\n\n" + kNul;

TEST(Connection, ReadsA10FormErrorBeforeConnectedOnly) {
  TestServer server(sends(kError10 + "CONNECTED\nversion:1.2\n\n" + kNul + kError10));
  Connection c("a", url_of(server), Version::v1_2, {}, TranscriptCaps{});
  ASSERT_FALSE(c.open(kLong));
  auto events = read_all(c);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_TRUE(events[0].event.violations.empty()) << events[0].event.violations[0].what;
  EXPECT_EQ(*events[0].event.frame.find("message"), "bad: very");
  EXPECT_TRUE(events[2].event.kind == ParseEvent::Kind::malformed || !events[2].event.violations.empty());
}

TEST(Connection, ReadsErrorsStrictlyWhenNotLenient) {
  TestServer server(sends(kError10));
  ConnectionOptions opt;
  opt.lenient_errors = false;
  Connection c("a", url_of(server), Version::v1_2, opt, TranscriptCaps{});
  ASSERT_FALSE(c.open(kLong));
  auto events = read_all(c);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_TRUE(events[0].event.kind == ParseEvent::Kind::malformed || !events[0].event.violations.empty());
}

TEST(Connection, ParsesWithinTheGivenLimits) {
  TestServer server(sends("MESSAGE\ndestination:/q/a\nmessage-id:1\n\n" + std::string(200, 'x') + kNul));
  ConnectionOptions opt;
  opt.limits.max_frame_size = 100;
  Connection c("a", url_of(server), Version::v1_2, opt, TranscriptCaps{});
  ASSERT_FALSE(c.open(kLong));
  auto events = read_all(c);
  ASSERT_FALSE(events.empty());
  ASSERT_FALSE(events[0].event.violations.empty());
  EXPECT_NE(events[0].event.violations[0].rule.find("Size Limits"), std::string::npos) << events[0].event.violations[0].rule;
}

TEST(Connection, CapsItsOwnTranscriptAndCountsEveryOctet) {
  TestServer server([](tcp::socket& s, TestServer&) {
    for (int i = 0; i < 50; ++i) {
      test::write_all(s, "\n");
      std::this_thread::sleep_for(2ms);  // many reads, many entries
    }
    test::write_all(s, std::string(1000, '\n'));
    close_clean(s);
  });
  Connection c("a", url_of(server), Version::v1_2, {}, TranscriptCaps{32, 3, 100});
  ASSERT_FALSE(c.open(kLong));
  ASSERT_FALSE(c.write("CONNECT\npasscode:secret\n\n" + kNul, kLong));
  read_all(c);
  EXPECT_EQ(c.octets_received(), 1050u);
  EXPECT_EQ(c.octets_sent(), 26u);
  EXPECT_TRUE(c.log().truncated());
  EXPECT_EQ(c.entries().size(), 4u);  // three and the note that the log stops
  ASSERT_GE(c.entries().size(), 2u);
  EXPECT_EQ(c.entries()[1].kind, TranscriptEntry::Kind::sent);
  EXPECT_EQ(c.entries()[1].data.find("secret"), std::string::npos);
}

TEST(Connection, SharesATranscriptUnderEachClientsName) {
  TestServer server(sends("RECEIPT\nreceipt-id:1\n\n" + kNul), 2);
  std::vector<TranscriptEntry> entries;
  Transcript log(entries);
  Connection a("a", url_of(server), Version::v1_2, {}, log);
  ASSERT_FALSE(a.open(kLong));
  read_all(a);
  Connection b("b", url_of(server), Version::v1_2, {}, log);
  ASSERT_FALSE(b.open(kLong));
  read_all(b);
  EXPECT_TRUE(a.entries().empty());
  int received_a = 0, received_b = 0;
  for (const auto& e : entries)
    if (e.kind == TranscriptEntry::Kind::received) (e.client == "a" ? received_a : received_b)++;
  EXPECT_EQ(received_a, 1);
  EXPECT_EQ(received_b, 1);
}

TEST(Connection, AReadEndsAtItsDeadline) {
  TestServer server([](tcp::socket&, TestServer& srv) { srv.wait_released(); });
  Connection c("a", url_of(server), Version::v1_2, {}, TranscriptCaps{});
  ASSERT_FALSE(c.open(kLong));
  const auto start = Clock::now();
  EXPECT_TRUE(c.read_once(start + 100ms));
  EXPECT_LT(Clock::now() - start, 5s);
  EXPECT_GE(Clock::now() - start, 90ms);
  EXPECT_FALSE(c.closed());
  server.release();
}

TEST(Connection, AnOpenEndsAtItsDeadlineAndSaysWhy) {
  // Accepts TCP but never answers the WebSocket upgrade.
  TestServer server([](tcp::socket&, TestServer& srv) { srv.wait_released(); });
  Connection c("a", url_of(server, "ws", "/ws"), Version::v1_2, {}, TranscriptCaps{});
  const auto start = Clock::now();
  auto ec = c.open(200ms);
  EXPECT_LT(Clock::now() - start, 5s);
  EXPECT_TRUE(ec);
  EXPECT_TRUE(c.closed());
  EXPECT_EQ(c.close_detail().rfind(ec.message(), 0), 0u) << c.close_detail();
  EXPECT_TRUE(logged(c.entries(), "cannot connect to ws://"));
  EXPECT_EQ(c.write("x", kLong), make_error_code(TransportErrc::not_connected));
  server.release();
}

const std::string kCut = "MESSAGE\ndestination:/q/a\n";  // no end

TEST(Connection, AnOrderlyCloseLeavesACutFrameTruncated) {
  TestServer server(sends(kCut, close_clean));
  Connection c("a", url_of(server), Version::v1_2, {}, TranscriptCaps{});
  ASSERT_FALSE(c.open(kLong));
  auto events = read_all(c);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].event.kind, ParseEvent::Kind::malformed);
  EXPECT_EQ(c.close_how(), CloseHow::clean);
  EXPECT_EQ(c.close_error(), make_error_code(TransportErrc::closed_by_peer));
  EXPECT_EQ(c.close_detail(), "clean: closed by the broker");
  EXPECT_TRUE(logged(c.entries(), "connection closed: clean: closed by the broker"));
}

TEST(Connection, AResetLeavesACutFrameUnjudgedUnlessAsked) {
  using Cut = ConnectionOptions::CutFrame;
  for (Cut cut : {Cut::truncated_after_orderly_close, Cut::truncated, Cut::dropped}) {
    TestServer server([](tcp::socket& s, TestServer&) {
      test::write_all(s, kCut);
      std::this_thread::sleep_for(300ms);  // the octets arrive before the reset
      close_reset(s);
    });
    ConnectionOptions opt;
    opt.cut_frame = cut;
    Connection c("a", url_of(server), Version::v1_2, opt, TranscriptCaps{});
    ASSERT_FALSE(c.open(kLong));
    auto events = read_all(c);
    EXPECT_EQ(c.close_how(), CloseHow::reset);
    EXPECT_EQ(c.close_detail().rfind("reset: ", 0), 0u) << c.close_detail();
    EXPECT_EQ(events.size(), cut == Cut::truncated ? 1u : 0u) << "policy " << static_cast<int>(cut);
    EXPECT_EQ(logged(c.entries(), "the reset cut 25 octet(s) short"), cut != Cut::truncated);
  }
}

TEST(Connection, DropsACutFrameAfterAnOrderlyCloseWhenAsked) {
  TestServer server(sends(kCut, close_clean));
  ConnectionOptions opt;
  opt.cut_frame = ConnectionOptions::CutFrame::dropped;
  Connection c("a", url_of(server), Version::v1_2, opt, TranscriptCaps{});
  ASSERT_FALSE(c.open(kLong));
  EXPECT_TRUE(read_all(c).empty());
  EXPECT_EQ(c.close_how(), CloseHow::clean);
  EXPECT_TRUE(logged(c.entries(), "the close cut 25 octet(s) short"));
}

TEST(Connection, ClosesOrderlyWithALogEntryOrAbruptlyWithout) {
  for (bool orderly : {true, false}) {
    std::string got;
    TestServer server([&got](tcp::socket& s, TestServer&) { got = test::read_until_eof(s); });
    Connection c("a", url_of(server), Version::v1_2, {}, TranscriptCaps{});
    ASSERT_FALSE(c.open(kLong));
    ASSERT_FALSE(c.write("DISCONNECT\n\n" + kNul, kLong));
    EXPECT_EQ(c.writes(), 1u);
    if (orderly) c.close(kLong);
    else c.abort();
    EXPECT_TRUE(c.closed());
    EXPECT_EQ(c.close_detail(), "closed by the client");
    EXPECT_EQ(logged(c.entries(), "client closed the connection"), orderly);
    ASSERT_TRUE(server.join_for(5s));
    EXPECT_EQ(got, "DISCONNECT\n\n" + kNul);
    EXPECT_FALSE(c.read_once(Clock::now() + 10ms));
  }
}

// A write the gone broker refuses sticks: later writes fail at once, and
// unlogged, while the read side stays for what the broker sent before.
TEST(Connection, AFailedWriteSticksAndLeavesTheReadSide) {
  TestServer server([](tcp::socket& s, TestServer&) {
    test::write_all(s, kError10);
    close_clean(s);
  });
  Connection c("a", url_of(server), Version::v1_2, {}, TranscriptCaps{});
  ASSERT_FALSE(c.open(kLong));
  ASSERT_TRUE(server.join_for(5s));
  std::this_thread::sleep_for(100ms);
  std::error_code failed;
  for (int i = 0; i < 50 && !failed; ++i) {
    failed = c.write("SEND\ndestination:/q/a\n\n" + kNul, kLong);
    std::this_thread::sleep_for(10ms);
  }
  ASSERT_TRUE(failed);
  ASSERT_NE(failed, make_error_code(TransportErrc::timed_out));
  const auto writes = c.writes();
  const auto entries = c.entries().size();
  EXPECT_EQ(c.write("SEND\n\n" + kNul, kLong), failed);
  EXPECT_EQ(c.write_error(), failed);
  EXPECT_EQ(c.writes(), writes);
  EXPECT_EQ(c.entries().size(), entries);
  EXPECT_FALSE(c.closed());
  read_all(c);
  EXPECT_TRUE(c.closed());
}

}  // namespace
}  // namespace stompspec::wire
