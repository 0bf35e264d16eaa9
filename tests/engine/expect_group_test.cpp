// The group expectations' timing, against scripted servers that send at
// chosen moments: heart-beats do not stretch expect_unordered's deadline; for
// expect_one_client a second copy that comes late still fails within the
// silence window and is ignored after it; the winner's next frames are left unread.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "../transport/test_server.hpp"
#include "engine/expect_group.hpp"

namespace stompspec {
namespace {

using namespace std::chrono_literals;
using test::TestServer;
using test::tcp;

std::string message(const std::string& body) {
  return "MESSAGE\ndestination:/queue/q\nmessage-id:" + body + "\nsubscription:s\n\n" + body + std::string(1, '\0');
}

// Sends `octets` `after` the connection is accepted, then keeps it open.
TestServer::Script sends(std::string octets, std::chrono::milliseconds after = 0ms) {
  return [octets, after](tcp::socket& s, TestServer& server) {
    std::this_thread::sleep_for(after);
    test::write_all(s, octets);
    server.wait_released();
  };
}

struct Pair {
  TestServer a_server, b_server;
  std::vector<TranscriptEntry> log;
  Recorder rec{log};
  Variables vars;
  std::unique_ptr<Session> a, b;

  Pair(TestServer::Script sa, TestServer::Script sb) : a_server(std::move(sa)), b_server(std::move(sb)) {
    a = open("a", a_server);
    b = open("b", b_server);
  }
  std::unique_ptr<Session> open(const std::string& name, TestServer& server) {
    auto s = std::make_unique<Session>(name, *Url::parse(server.url("tcp")), TransportOptions{}, Limits{},
                                       Version::v1_2, rec);
    EXPECT_FALSE(s->open(5000ms));
    return s;
  }
  GroupResult expect(Millis silence) {
    FrameMatcher m;
    m.command = "MESSAGE";
    m.body = ValueMatcher::equal_to("job");
    return expect_one_client({a.get(), b.get()}, m, vars, 3000ms, silence);
  }
};

TEST(ExpectOneClient, ALateSecondCopyWithinTheSilenceFails) {
  Pair p(sends(message("job")), sends(message("job"), 1000ms));
  auto r = p.expect(2500ms);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.why, "delivered to both a and b");
  EXPECT_EQ(r.actual, "a: MESSAGE, then b: MESSAGE");
}

TEST(ExpectOneClient, ASecondCopyAfterTheSilenceIsNotSeen) {
  Pair p(sends(message("job")), sends(message("job"), 1500ms));
  auto start = Clock::now();
  auto r = p.expect(100ms);
  EXPECT_TRUE(r.ok) << r.why;
  EXPECT_EQ(r.winner, "a");
  EXPECT_LT(Clock::now() - start, 1200ms) << "the step lasts until the silence after the frame, not the timeout";
}

TEST(ExpectOneClient, TheWinnersNextFrameIsLeftForLaterSteps) {
  Pair p(sends(message("job") + message("next")), sends(""));
  auto r = p.expect(200ms);
  ASSERT_TRUE(r.ok) << r.why;
  Observation ob = p.a->next(Clock::now() + 1000ms);
  ASSERT_EQ(ob.kind, Observation::Kind::frame);
  EXPECT_EQ(ob.event.frame.body, "next");
}

// A server beating every 50 ms for 3 s: a deadline that each beat pushed back
// would end after 3 s, not after the 400 ms asked for.
TEST(ExpectUnordered, HeartBeatsDoNotStretchTheDeadline) {
  TestServer server([](tcp::socket& s, TestServer& self) {
    for (int i = 0; i < 60; ++i) {
      test::write_all(s, "\n");
      std::this_thread::sleep_for(50ms);
    }
    self.wait_released();
  });
  std::vector<TranscriptEntry> log;
  Recorder rec{log};
  Variables vars;
  Session session("c", *Url::parse(server.url("tcp")), TransportOptions{}, Limits{}, Version::v1_2, rec);
  ASSERT_FALSE(session.open(5000ms));
  FrameMatcher m;
  m.command = "MESSAGE";
  auto start = Clock::now();
  auto r = expect_unordered(session, {m}, vars, 400ms);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.why, "waited 400 ms; 0 of 1 frames came, still unmet: [1] MESSAGE");
  EXPECT_LT(Clock::now() - start, 2000ms);
}

}  // namespace
}  // namespace stompspec
