#pragma once
// State shared by all sessions of one fake broker: destinations, messages
// stored for queues without consumers, id counters, the current faults and
// legal variations.
// Everything but the faults is touched only from the broker's io thread.
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "codec/frame.hpp"
#include "fake_broker.hpp"
#include "faults.hpp"

namespace stompspec::testing {

enum class AckMode { auto_, client, client_individual };

class Session;

struct Message {
  std::string destination;
  std::string id;               // message-id, kept across redeliveries
  std::vector<Header> headers;  // carried into MESSAGE: user headers, content-type
  std::string body;
  const Session* sender = nullptr;  // compared, never followed: for sender exclusion
};

class Session;

struct Subscription {
  Session* session = nullptr;
  std::string id;               // the client's id; empty when it gave none (1.0)
  std::string destination;
  AckMode mode = AckMode::auto_;
};

class BrokerCore {
 public:
  BrokerCore(Options o, Faults f, Variations v = {})
      : options_(std::move(o)), faults_(std::move(f)), variations_(v) {}

  const Options& options() const { return options_; }
  Faults faults() const;
  void set_faults(const Faults& f);
  Variations variations() const;
  void set_variations(const Variations& v);

  std::string next_message_id();
  std::string next_ack_id();
  std::string next_session_id();

  void add_subscription(Subscription* s);
  void remove_subscription(const Subscription* s);
  // Topics: every current subscriber, dropped if none. Queues (anything not
  // under /topic/): one subscriber in turn, stored if none.
  void publish(const Message& m);
  // A NACKed or abandoned queue message goes to another subscriber if there is
  // one; topic messages are dropped.
  void redeliver(const Message& m, const Subscription* avoid);
  // Hands stored queue messages to the destination's subscribers.
  void deliver_stored(const std::string& destination);

  // For refuse_rapid_reconnect: was there a DISCONNECT within the last second?
  void note_disconnect() { last_disconnect_ = std::chrono::steady_clock::now(); }
  bool recent_disconnect() const { return std::chrono::steady_clock::now() - last_disconnect_ < std::chrono::seconds(1); }

  bool hung() const { return hung_; }
  void hang() { hung_ = true; }
  // Once dead (crashed or shutting down) nothing is routed any more.
  bool dead() const { return crashed_ || stopping_; }
  void crash();
  void stop() { stopping_ = true; }
  std::function<void()> on_crash;  // set by the network layer: close everything

 private:
  Subscription* pick(const std::string& destination, const Subscription* avoid);

  Options options_;
  mutable std::mutex faults_mutex_;
  Faults faults_;
  Variations variations_;
  std::map<std::string, std::vector<Subscription*>> subscribers_;
  std::map<std::string, std::size_t> next_turn_;
  std::map<std::string, std::deque<Message>> stored_;
  std::uint64_t message_seq_ = 0;
  std::uint64_t ack_seq_ = 0;
  std::uint64_t session_seq_ = 0;
  std::chrono::steady_clock::time_point last_disconnect_{};
  bool hung_ = false;
  bool crashed_ = false;
  bool stopping_ = false;
};

bool is_topic(const std::string& destination);
// Fans out like a topic: under /topic/, or anything when the broker has no queues.
bool fans_out(const Options& o, const std::string& destination);

}  // namespace stompspec::testing
