#pragma once
// One client connection's STOMP state machine, independent of the transport:
// bytes go in through on_bytes(), frames come out through SessionIo.
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "broker_core.hpp"
#include "codec/parser.hpp"
#include "codec/serializer.hpp"

namespace stompspec::testing {

// Implemented by the connection that owns the session.
class SessionIo {
 public:
  virtual ~SessionIo() = default;
  virtual void write(std::string bytes) = 0;  // one frame, or a lone EOL heart-beat
  virtual void close_after_flush() = 0;       // send what is queued, then close
  virtual void reset_after_flush() = 0;       // send what is queued, then reset (SO_LINGER 0)
  // Zero disables a direction. The connection reads the heart-beat faults
  // each time a timer fires, so they apply to live sessions.
  virtual void start_heartbeats(std::chrono::milliseconds send, std::chrono::milliseconds expect) = 0;
};

class Session {
 public:
  Session(BrokerCore& core, SessionIo& io);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void on_bytes(std::string_view bytes);
  // The connection is gone: abort transactions, give unacked messages back.
  void on_closed() { teardown(); }
  void deliver(Subscription& sub, const Message& m);

 private:
  enum class Phase { awaiting_connect, connected, ignoring, closed };
  struct Delivery {
    std::string ack_id;
    Message message;
  };
  struct SubState {
    Subscription sub;
    std::deque<Delivery> unacked;
    std::deque<Message> pending;  // held back by the prefetch_one variation
  };

  void handle(ParseEvent& ev);
  bool check_whole_broker_faults(const ParseEvent& ev);
  std::optional<std::string> framing_problem(const ParseEvent& ev) const;
  void dispatch(const Frame& original);

  // session_connect.cpp
  void on_connect(const Frame& f);
  bool check_heartbeat_header(const Frame& f, unsigned& cx, unsigned& cy);
  void send_connected(Version v, const std::vector<Version>& offered, bool negotiated, unsigned cx, unsigned cy);

  // session_messaging.cpp
  bool on_send(const Frame& f, bool from_commit);
  bool on_subscribe(const Frame& f);
  bool on_unsubscribe(const Frame& f);
  bool on_ack(const Frame& f, bool nack, bool from_commit);
  bool on_begin(const Frame& f);
  bool on_commit(const Frame& f, bool abort);
  bool on_disconnect(const Frame& f);
  // Holds a transactional frame; false with ERROR sent if the transaction is unknown.
  bool hold_in_transaction(const Frame& f, bool& held);
  Message to_message(const Frame& f, std::string destination) const;
  std::string serialize_message(const SubState& s, const Message& m, const std::string& ack_id) const;
  // A subscription's unacked and held-back messages, in the order they go back.
  std::vector<Message> given_back(SubState& s) const;
  void release_pending(SubState& s);
  bool check_ack_headers(const Frame& f, bool from_commit);
  SubState* find_delivery(const Frame& f, std::deque<Delivery>::iterator& at);

  // session.cpp
  // The header as the broker reads it: first (or, faulty, last) entry,
  // trimmed in 1.0 (or, faulty, always).
  std::optional<std::string> header(const Frame& f, std::string_view name) const;
  void receipt(const Frame& f);
  void error(const Frame* cause, const std::string& message, const std::string& detail = {});
  void send_frame(const Frame& f, bool escape = true);
  // The ERROR before any version is agreed, in 1.0 form if so varied.
  void send_error_frame(Frame out, const std::string& message, const std::string& detail);
  // Serializes with the legal variations applied (extra/reordered headers, ...).
  std::string wire(Frame out, SerializeOptions opt, Version v) const;
  void teardown();

  BrokerCore& core_;
  SessionIo& io_;
  Parser parser_;
  Faults f_;  // a snapshot taken per event
  Variations v_;
  Version version_ = Version::v1_2;
  Phase phase_ = Phase::awaiting_connect;
  std::string session_id_;
  std::map<std::string, std::unique_ptr<SubState>> subs_;  // by id, or "@" + destination
  std::map<std::string, std::vector<Frame>> transactions_;
  std::optional<std::string> deliver_stored_after_receipt_;
  bool torn_down_ = false;
  bool receipt_sent_ = false;
  std::optional<Message> pending_send_;  // lose_send_before_disconnect holds the last SEND  // receipt_before_delivery answered it already
};

}  // namespace stompspec::testing
