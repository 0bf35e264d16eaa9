// A hostile broker that floods the client must neither hang the harness nor
// grow its memory without bound (wire log and read-ahead are capped).
#include <atomic>
#include <thread>

#include <boost/asio.hpp>

#include "engine_test_util.hpp"

namespace stompspec {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using namespace testutil;

// Answers CONNECT, then writes `payload` as fast as it can until told to stop.
class FloodingBroker {
 public:
  explicit FloodingBroker(std::string payload) : payload_(std::move(payload)) {
    thread_ = std::thread([this] { serve(); });
  }
  ~FloodingBroker() {
    stop_ = true;
    boost::system::error_code ec;
    acceptor_.close(ec);
    thread_.join();
  }
  std::string url() const { return "tcp://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()); }

 private:
  void serve() {
    boost::system::error_code ec;
    tcp::socket s(ioc_);
    acceptor_.accept(s, ec);
    if (ec) return;
    std::string in;
    char buf[4096];
    while (in.find('\0') == std::string::npos) {
      auto n = s.read_some(asio::buffer(buf), ec);
      if (ec) return;
      in.append(buf, n);
    }
    asio::write(s, asio::buffer(std::string("CONNECTED\nversion:1.2\nheart-beat:0,0\n\n") + '\0'), ec);
    std::string block;
    while (block.size() < 64 * 1024) block += payload_;
    while (!stop_ && !ec) asio::write(s, asio::buffer(block), ec);
  }

  std::string payload_;
  asio::io_context ioc_;
  tcp::acceptor acceptor_{ioc_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)};
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

TEST(Hostile, HeartBeatFloodIsBoundedAndEnds) {
  FloodingBroker broker("\n");
  auto start = std::chrono::steady_clock::now();
  auto r = run_one(make_case(R"([{"connect": {}}, {"wait": 1000}, {"expect_silence": 500}, {"close": {}}])"), broker.url());
  EXPECT_EQ(r.status, Status::pass) << r.message;  // heart-beats are not frames
  EXPECT_LE(r.transcript.size(), 20001u);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(15));
}

TEST(Hostile, FrameFloodFailsSilenceQuickly) {
  FloodingBroker broker(std::string("MESSAGE\ndestination:/queue/x\nmessage-id:1\nsubscription:s\n\nspam") + '\0');
  auto r = run_one(make_case(R"([{"connect": {}}, {"wait": 1000}, {"expect_silence": 500}])"), broker.url());
  EXPECT_EQ(r.status, Status::fail);
  EXPECT_NE(r.message.find("expected silence, got MESSAGE"), std::string::npos) << r.message;
  std::size_t kept = 0;
  for (const auto& e : r.transcript) kept += e.data.size();
  EXPECT_LE(kept, 5u * 1024 * 1024);
}

// A broker that never sends NUL: the frame is given up at the parser's size
// limit, and the wire log keeps at most its cap (session.cpp, 4 MiB), not
// the 64 MiB the broker sent.
TEST(Hostile, AFrameThatNeverEndsKeepsTheWireLogWithinItsCap) {
  // A frame that starts well and whose body never ends (the parser's limit is 64 MiB).
  FloodingBroker broker("MESSAGE\n\n" + std::string(64 * 1024 - 9, 'x'));
  auto r = run_one(make_case(R"([{"connect": {}}, {"expect": {"command": "MESSAGE"}, "timeout_ms": 3000}])"),
                   broker.url());
  EXPECT_EQ(r.status, Status::fail) << r.message;
  std::size_t kept = 0;
  for (const auto& e : r.transcript) kept += e.data.size();
  EXPECT_LE(kept, 5u * 1024 * 1024) << r.transcript.size() << " entries; " << r.message;
  EXPECT_GT(kept, 1u * 1024 * 1024) << "the flood was recorded up to the cap: " << r.message;
}

}  // namespace
}  // namespace stompspec
