#include "fault_check_helpers.hpp"

namespace stompspec::testing::checks {

std::unique_ptr<TestClient> open(FakeBroker& b, const std::string& version) {
  auto c = TestClient::tcp(b.port());
  if (c->connect(version).command != "CONNECTED") return nullptr;
  return c;
}

bool sub(TestClient& c, const std::string& id, const std::string& dest, const std::string& ack) {
  c.send(make_frame("SUBSCRIBE", {{"id", id}, {"destination", dest}, {"ack", ack}, {"receipt", "sub-" + id}}));
  const auto r = c.receive();
  return r && r->command == "RECEIPT";
}

std::vector<Frame> drain(TestClient& c, TestClient::Millis quiet) {
  std::vector<Frame> out;
  while (auto f = c.receive(quiet)) out.push_back(*f);
  return out;
}

std::string error_then_close(TestClient& c) {
  const auto e = c.receive();
  if (!e) return "no ERROR";
  if (e->command != "ERROR") return e->command + " instead of ERROR";
  if (!c.wait_closed()) return "ERROR but the connection stayed open";
  return "ERROR";
}

void send(TestClient& c, const std::string& dest, std::string body, std::vector<Header> extra) {
  extra.insert(extra.begin(), Header{"destination", dest});
  c.send(make_frame("SEND", std::move(extra), std::move(body)));
}

}  // namespace stompspec::testing::checks
