#pragma once
// State shared by all sessions of one fake broker: destinations, messages
// stored for queues without consumers, id counters and the current faults.
// Everything but the faults is touched only from the broker's io thread.
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
  const Session* origin = nullptr;  // the session that sent it (for Options::topic_no_local)
};


struct Subscription {
  Session* session = nullptr;
  std::string id;               // the client's id; empty when it gave none (1.0)
  std::string destination;
  AckMode mode = AckMode::auto_;
};

class BrokerCore {
 public:
  BrokerCore(Options o, Faults f) : options_(std::move(o)), faults_(std::move(f)) {}

  const Options& options() const { return options_; }
  Faults faults() const;
  void set_faults(const Faults& f);

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
  std::map<std::string, std::vector<Subscription*>> subscribers_;
  std::map<std::string, std::size_t> next_turn_;
  std::map<std::string, std::deque<Message>> stored_;
  std::uint64_t message_seq_ = 0;
  std::uint64_t ack_seq_ = 0;
  std::uint64_t session_seq_ = 0;
  bool hung_ = false;
  bool crashed_ = false;
  bool stopping_ = false;
};

bool is_topic(const std::string& destination);

}  // namespace stompspec::testing
