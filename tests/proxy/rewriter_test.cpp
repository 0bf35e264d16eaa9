// The proxy's frame rewriting without sockets: each fault changes exactly
// what it names, and a direction no fault touches passes octets unchanged.
#include <gtest/gtest.h>

#include "proxy/raw_frame.hpp"
#include "proxy/rewriter.hpp"

namespace stompspec::proxy {
namespace {

using namespace std::string_literals;

const std::string kConnect = "CONNECT\naccept-version:1.0,1.1,1.2\nhost:/\nheart-beat:0,1000\n\n\0"s;
const std::string kConnected = "CONNECTED\nversion:1.2\nheart-beat:500,0\n\n\0"s;
const std::string kMessage1 =
    "MESSAGE\r\ndestination:/queue/a\r\nmessage-id:m1\r\nsubscription:s1\r\nack:a1\r\nx-key:a\\cb\\nc\r\n\r\nbody\0"s;
const std::string kMessage2 = "MESSAGE\ndestination:/queue/a\nmessage-id:m2\nsubscription:s1\nack:a2\ncontent-length:3\n\nb\0z\0"s;
const std::string kReceipt = "RECEIPT\nreceipt-id:r1\n\n\0"s;
const std::string kError = "ERROR\nmessage:bad\\cframe\ncontent-length:4\n\noops\0"s;

struct Out {
  std::string now;                     // immediate octets, in order
  std::vector<Piece> timed;            // delayed pieces
  std::vector<std::string> messages;   // own-message pieces
  std::vector<std::string> notes;
};

class RewriterTest : public ::testing::Test {
 protected:
  Out run(std::vector<Fault> faults, Direction d, const std::vector<std::string>& chunks) {
    set_ = FaultSet(std::move(faults));
    Out out;
    Rewriter rw(d, set_, facts_, [&](Fault f, const std::string& what) {
      out.notes.push_back(std::string(info(f).name) + ": " + what);
    });
    std::vector<Piece> pieces;
    for (const auto& c : chunks) rw.feed(c, pieces);
    for (auto& p : pieces) {
      if (p.delay.count() > 0) out.timed.push_back(p);
      else if (p.own_message) out.messages.push_back(p.bytes);
      else out.now += p.bytes;
    }
    return out;
  }
  // The broker's side of a session: CONNECTED, a heart-beat, frames.
  Out broker(std::vector<Fault> faults, std::vector<std::string> frames) {
    facts_.cy = 1000;
    frames.insert(frames.begin(), {kConnected, "\n"});
    return run(std::move(faults), Direction::from_broker, frames);
  }
  FaultSet set_;
  SessionFacts facts_;
};

TEST_F(RewriterTest, NoFaultPassesEveryOctetAsItCame) {
  const std::string stream = kConnected + "\n\r\n" + kMessage1 + kMessage2 + "garbage\n\n\0"s + kReceipt + "\n";
  // Split at every possible point: the output is the input, byte for byte.
  for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
    const Out o = run({}, Direction::from_broker, {stream.substr(0, cut), stream.substr(cut)});
    ASSERT_EQ(o.now, stream) << "cut at " << cut;
    ASSERT_TRUE(o.notes.empty());
  }
}

TEST_F(RewriterTest, AFaultTheOtherWayLeavesThisDirectionUntouched) {
  const std::string stream = kConnected + kMessage1 + kReceipt;
  const Out o = run({Fault::client_strip_ack_id, Fault::client_suppress_heartbeats}, Direction::from_broker, {stream});
  EXPECT_EQ(o.now, stream);
}

TEST_F(RewriterTest, RewritingDirectionKeepsUntouchedFramesExact) {
  // drop-receipt parses the broker's stream; every other frame, EOL and
  // malformed stretch still goes out byte for byte, in order.
  const std::string bad = "MESSAGE\nfoo\n\n\0"s;  // a header line without a colon
  const Out o = broker({Fault::drop_receipt}, {kMessage1 + "\r\n" + bad, kReceipt + kMessage2});
  EXPECT_EQ(o.now, kConnected + "\n" + kMessage1 + "\r\n" + bad + kMessage2);
  ASSERT_EQ(o.notes.size(), 1u);
  EXPECT_EQ(o.notes[0], "drop-receipt: RECEIPT receipt-id:r1 dropped");
}

TEST_F(RewriterTest, StripHeadersFromMessage) {
  const Out a = broker({Fault::strip_message_id}, {kMessage1});
  EXPECT_EQ(a.now.find("message-id:"), std::string::npos);
  EXPECT_NE(a.now.find("subscription:s1\r\n"), std::string::npos);  // the rest stays, CR LF and all
  const Out b = broker({Fault::strip_subscription}, {kMessage1});
  EXPECT_EQ(b.now.find("subscription:"), std::string::npos);
  EXPECT_NE(b.now.find("message-id:m1\r\n"), std::string::npos);
  const Out c = broker({Fault::strip_ack}, {kMessage2});
  EXPECT_EQ(c.now.find("ack:"), std::string::npos);
  EXPECT_NE(c.now.find("b\0z\0"s), std::string::npos);  // the body with its NUL, untouched
}

TEST_F(RewriterTest, UnescapeHeaders) {
  const Out o = broker({Fault::unescape_headers}, {kMessage1, kError});
  EXPECT_NE(o.now.find("x-key:a:b\nc\r\n"), std::string::npos);
  EXPECT_NE(o.now.find("message:bad:frame\n"), std::string::npos);
  EXPECT_NE(o.now.find("CONNECTED\nversion:1.2"), std::string::npos);  // CONNECTED is never escaped
}

TEST_F(RewriterTest, WrongContentLength) {
  const Out o = broker({Fault::wrong_content_length}, {kMessage1, kMessage2});
  EXPECT_NE(o.now.find("content-length:3\r\n\r\nbody"s), std::string::npos);  // added, one short
  EXPECT_NE(o.now.find("content-length:2\n\nb\0z\0"s), std::string::npos);    // replaced, one short
}

TEST_F(RewriterTest, SuppressAndDelayHeartBeats) {
  const Out s = broker({Fault::suppress_heartbeats}, {kMessage1, "\n", "\r\n"});
  EXPECT_EQ(s.now, kConnected + kMessage1);
  const Out d = broker({Fault::delay_heartbeats}, {kMessage1, "\n"});
  EXPECT_EQ(d.now, kConnected + kMessage1);
  ASSERT_EQ(d.timed.size(), 2u);
  // The broker beats every max(sx, cy) = max(500, 1000) ms; each is held 3x that.
  EXPECT_EQ(d.timed[0].delay, Millis(3000));
  EXPECT_EQ(d.timed[0].bytes, "\n");
}

TEST_F(RewriterTest, ErrorIsNoticed) {
  EXPECT_FALSE(facts_.error_to_client);
  broker({Fault::keep_open_after_error}, {kError});
  EXPECT_TRUE(facts_.error_to_client);
}

TEST_F(RewriterTest, DuplicateMessage) {
  const Out o = broker({Fault::duplicate_message}, {kMessage1});
  EXPECT_EQ(o.now, kConnected + "\n" + kMessage1);
  ASSERT_EQ(o.messages.size(), 1u);
  EXPECT_EQ(o.messages[0], kMessage1);
}

TEST_F(RewriterTest, ReorderMessages) {
  set_ = FaultSet({Fault::reorder_message});
  Rewriter rw(Direction::from_broker, set_, facts_);
  std::vector<Piece> p;
  rw.feed(kMessage1, p);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].delay, kReorderWait);  // held back
  EXPECT_NE(p[0].hold_id, 0u);
  rw.feed(kMessage2, p);
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[1].bytes, kMessage2);     // the second goes first
  EXPECT_EQ(p[2].release, p[0].hold_id);  // then the held one is released
}

TEST_F(RewriterTest, DowngradeVersion) {
  const Out o = run({Fault::downgrade_version}, Direction::from_broker, {kConnected});
  EXPECT_EQ(o.now, "CONNECTED\nversion:1.1\nheart-beat:500,0\n\n\0"s);
  EXPECT_EQ(facts_.version, Version::v1_2);  // what the broker really speaks
}

TEST_F(RewriterTest, ClientMirrors) {
  const std::string sub = "SUBSCRIBE\nid:s1\ndestination:/queue/a\n\n\0"s;
  const std::string ack = "ACK\nid:a1\n\n\0"s;
  const std::string send = "SEND\ndestination:/queue/a\nx:a\\cb\n\nhello\0"s;
  const std::string disc = "DISCONNECT\nreceipt:bye\n\n\0"s;
  auto client = [&](Fault f, const std::vector<std::string>& frames) {
    return run({f}, Direction::from_client, frames).now;
  };
  EXPECT_EQ(client(Fault::client_strip_subscribe_id, {sub}), "SUBSCRIBE\ndestination:/queue/a\n\n\0"s);
  EXPECT_EQ(client(Fault::client_strip_ack_id, {ack}), "ACK\n\n\0"s);
  EXPECT_EQ(client(Fault::client_unescape_headers, {send}), "SEND\ndestination:/queue/a\nx:a:b\n\nhello\0"s);
  EXPECT_EQ(client(Fault::client_wrong_content_length, {send}),
            "SEND\ndestination:/queue/a\nx:a\\cb\ncontent-length:4\n\nhello\0"s);
  EXPECT_EQ(client(Fault::client_drop_disconnect_receipt, {disc}), "DISCONNECT\n\n\0"s);
  EXPECT_EQ(client(Fault::client_downgrade_version, {kConnect}), "CONNECT\nhost:/\nheart-beat:0,1000\n\n\0"s);
  EXPECT_EQ(client(Fault::client_suppress_heartbeats, {kConnect, "\n", sub, "\n"}), kConnect + sub);
}

TEST_F(RewriterTest, PassthroughStillLearnsTheSession) {
  // No fault from the client: its CONNECT is only observed, for the heart-beat interval.
  run({}, Direction::from_client, {kConnect});
  EXPECT_EQ(facts_.cy, 1000);
  run({}, Direction::from_broker, {"CONNECTED\nversion:1.1\n\n\0"s});
  EXPECT_EQ(facts_.version, Version::v1_1);
}

TEST(FaultTable, NamesAreUniqueAndParse) {
  for (const auto& f : fault_table()) {
    EXPECT_EQ(parse_fault(f.name), f.fault) << f.name;
    EXPECT_FALSE(f.description.empty());
  }
  EXPECT_FALSE(parse_fault("no-such-fault"));
  EXPECT_NE(format_fault_table().find("drop-receipt"), std::string::npos);
}

TEST(RawFrameTest, SplitsAndJoinsExactly) {
  for (const std::string& f : {kMessage1, kMessage2, kReceipt, kError, "X\n\n\0"s}) {
    auto r = RawFrame::split(f);
    ASSERT_TRUE(r) << f;
    EXPECT_EQ(r->join(), f);
  }
  EXPECT_FALSE(RawFrame::split("MESSAGE\nno-blank-line\0"s));
  EXPECT_FALSE(RawFrame::split("MESSAGE\n\nno NUL"));
}

}  // namespace
}  // namespace stompspec::proxy
