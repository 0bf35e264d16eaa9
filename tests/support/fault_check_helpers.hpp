#pragma once
// Shorthands for fault_checks*.cpp. Unlike the test helpers they never
// record gtest failures: a check reports what went wrong as its result.
#include <memory>
#include <string>
#include <vector>

#include "fake_broker.hpp"
#include "test_client.hpp"

namespace stompspec::testing::checks {

// Connected over TCP with the given accept-version, or nullptr.
std::unique_ptr<TestClient> open(FakeBroker& b, const std::string& version = "1.2");
// SUBSCRIBE and wait for its RECEIPT.
bool sub(TestClient& c, const std::string& id, const std::string& dest, const std::string& ack = "auto");
// Every frame that arrives before the connection goes quiet.
std::vector<Frame> drain(TestClient& c, TestClient::Millis quiet = TestClient::kQuiet);
// "ERROR" if an ERROR arrived and then the broker closed; else what happened.
std::string error_then_close(TestClient& c);
void send(TestClient& c, const std::string& dest, std::string body, std::vector<Header> extra = {});

}  // namespace stompspec::testing::checks
