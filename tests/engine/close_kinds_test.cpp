// How a connection ends decides verdicts: a reset may have destroyed an
// ERROR (1.2 Connection Lingering), an orderly close cannot have. A write the
// broker cut short is a close for the expectations to judge, not a failure of
// its own. An ERROR sent before a version is agreed may be in 1.0 form.
// Scripted peers, so each ending is exactly the one under test.
#include <gtest/gtest.h>

#include <sys/socket.h>

#include <thread>

#include "../transport/test_server.hpp"
#include "engine/engine.hpp"
#include "engine_test_util.hpp"

namespace stompspec {
namespace {

using namespace std::chrono_literals;
using test::TestServer;
using test::tcp;
using test::close_clean;
using test::close_reset;

const std::string kNul(1, '\0');
const std::string kConnected = "CONNECTED\nversion:1.2\n\n" + kNul;

std::string read_frame(tcp::socket& s) {
  std::string f;
  for (char c = 1; c != '\0';) {
    c = test::read_exactly(s, 1)[0];
    f += c;
  }
  return f;
}

CaseResult run_against(const Case& c, TestServer& server, Profile p = testutil::fake_profile()) {
  CaseContext ctx;
  ctx.profile = &p;
  ctx.url = *Url::parse(server.url("tcp"));
  ctx.transport = "tcp";
  ctx.expect_timeout = 1500ms;
  return run_case(c, ctx);
}

// A SEND that the broker cannot process: ERROR is a MUST.
const char* kBadSendAnyClose = R"([
  {"connect": {}},
  {"raw": "SEND\n\nno destination\u0000"},
  {"expect_one_of": [
    {"name": "ERROR then close", "events": [{"frame": {"command": "ERROR"}}, {"closed": true}]},
    {"name": "reset", "events": [{"closed": "reset"}]},
    {"name": "closed without ERROR", "events": [{"closed": "clean"}], "verdict": "fail", "note": "nothing was lost"}
  ]}
])";

TestServer::Script answers_bad_send(void (*ending)(tcp::socket&), bool send_error) {
  return [ending, send_error](tcp::socket& s, TestServer&) {
    read_frame(s);
    test::write_all(s, kConnected);
    read_frame(s);
    if (send_error) test::write_all(s, "ERROR\nmessage:no destination\n\n" + kNul);
    ending(s);
  };
}

TEST(CloseKinds, ErrorThenCloseAndAResetPassACleanCloseWithoutErrorFails) {
  Case c = testutil::make_case(kBadSendAnyClose);
  TestServer good(answers_bad_send(close_clean, true));
  EXPECT_EQ(run_against(c, good).status, Status::pass);

  TestServer reset(answers_bad_send(close_reset, false));
  auto r = run_against(c, reset);
  EXPECT_EQ(r.status, Status::pass) << r.message;

  TestServer clean(answers_bad_send(close_clean, false));
  r = run_against(c, clean);
  EXPECT_EQ(r.status, Status::fail) << r.message;
  EXPECT_NE(r.message.find("closed without ERROR"), std::string::npos) << r.message;
  EXPECT_NE(r.actual.find("the connection closed (clean"), std::string::npos) << r.actual;
}

// The broker answers a frame over its limit with ERROR and closes while the
// client is still writing it.
TestServer::Script refuses_big_frame() {
  return [](tcp::socket& s, TestServer&) {
    read_frame(s);
    test::write_all(s, kConnected);
    test::read_exactly(s, 1024);
    test::write_all(s, "ERROR\nmessage:frame too big\n\n" + kNul);
    std::this_thread::sleep_for(100ms);
    s.close();  // unread octets: the kernel resets
  };
}

std::string big_send(const std::string& then) {
  return R"([{"connect": {}},
    {"send": {"command": "SEND", "headers": {"destination": "/queue/a"},
              "body": {"repeat": "x", "times": 33554432}}})" + then + "]";
}

TEST(CloseKinds, AWriteTheBrokerCutShortIsACloseTheExpectationsJudge) {
  TestServer server(refuses_big_frame());
  auto r = run_against(testutil::make_case(big_send(R"(, {"expect_one_of": [
      {"name": "ERROR then close", "events": [{"frame": {"command": "ERROR"}}, {"closed": true}]},
      {"name": "reset", "events": [{"closed": "reset"}]}]})")), server);
  EXPECT_EQ(r.status, Status::pass) << r.message;
}

TEST(CloseKinds, AWriteCutShortWithNoExpectationForTheCloseFailsAndShowsWhatCame) {
  TestServer server(refuses_big_frame());
  auto r = run_against(testutil::make_case(big_send("")), server);
  EXPECT_EQ(r.status, Status::fail) << r.message;
  EXPECT_NE(r.message.find("could not send to the broker"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("it had sent: "), std::string::npos) << r.message;
  EXPECT_EQ(r.message.find("not connected"), std::string::npos) << "the reason is the broker's close: " << r.message;
}

// Before CONNECTED no version is agreed; a 1.0-form ERROR (raw ':') is legal.
TEST(CloseKinds, APreNegotiationErrorIn10FormIsReadAsItStands) {
  TestServer server([](tcp::socket& s, TestServer&) {
    read_frame(s);
    test::write_all(s, "ERROR\nversion:1.0\nmessage:Unsupported protocol version: 2.0\n\n" + kNul);
    close_clean(s);
  });
  auto r = run_against(testutil::make_case(R"([
    {"connect": {"headers": {"accept-version": "2.0"}, "expect": null}},
    {"expect": {"command": "ERROR", "headers": {"message": "Unsupported protocol version: 2.0"}}}])"), server);
  EXPECT_EQ(r.status, Status::pass) << r.message;
}

// After CONNECTED the agreed version's rules hold for ERROR too.
TEST(CloseKinds, AnErrorAfterConnectedKeepsTheVersionsEscaping) {
  TestServer server([](tcp::socket& s, TestServer&) {
    read_frame(s);
    test::write_all(s, kConnected);
    read_frame(s);
    test::write_all(s, "ERROR\nmessage:bad: frame\n\n" + kNul);
    close_clean(s);
  });
  auto r = run_against(testutil::make_case(R"([{"connect": {}}, {"raw": "SEND\n\nx\u0000"},
    {"expect": {"command": "ERROR"}}])"), server);
  EXPECT_EQ(r.status, Status::fail) << r.message;
  EXPECT_NE(r.message.find("unescaped ':'"), std::string::npos) << r.message;
}

}  // namespace
}  // namespace stompspec

namespace stompspec {
namespace {

// A case that accepts "the broker closed" and then ends with its usual
// disconnect step: nothing is left to disconnect, and that is no failure.
TEST(CloseKinds, DisconnectAfterAnAcceptedCloseIsNothingToDo) {
  TestServer server(answers_bad_send(close_clean, true));
  auto r = run_against(testutil::make_case(std::string(kBadSendAnyClose).substr(0, std::string(kBadSendAnyClose).rfind(']')) +
                                           R"(, {"disconnect": {}}])"),
                       server);
  EXPECT_EQ(r.status, Status::pass) << r.message;
}

}  // namespace
}  // namespace stompspec

namespace stompspec {
namespace {

// A reset in the middle of the ERROR: the octets that came are no frame, and
// no fault of the broker's grammar; the reset itself is what was observed.
TEST(CloseKinds, AResetInTheMiddleOfAFrameIsAResetNotAMalformedFrame) {
  auto cut = [](void (*ending)(tcp::socket&)) {
    return [ending](tcp::socket& s, TestServer&) {
      read_frame(s);
      test::write_all(s, kConnected);
      read_frame(s);
      test::write_all(s, "ERROR\nmessage:no dest");
      std::this_thread::sleep_for(100ms);
      ending(s);
    };
  };
  Case c = testutil::make_case(kBadSendAnyClose);
  TestServer reset(cut(close_reset));
  auto r = run_against(c, reset);
  EXPECT_EQ(r.status, Status::pass) << r.message;
  // The same cut followed by an orderly close is a truncated frame: no outcome fits.
  TestServer clean(cut(close_clean));
  r = run_against(c, clean);
  EXPECT_EQ(r.status, Status::fail) << r.message;
  EXPECT_NE(r.actual.find("truncated"), std::string::npos) << r.actual;
}

}  // namespace
}  // namespace stompspec
