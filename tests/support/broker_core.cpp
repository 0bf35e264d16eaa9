#include "broker_core.hpp"

#include <algorithm>

#include "session.hpp"

namespace stompspec::testing {

bool is_topic(const std::string& destination) { return destination.starts_with("/topic/"); }

Faults BrokerCore::faults() const {
  std::lock_guard lock(faults_mutex_);
  return faults_;
}

void BrokerCore::set_faults(const Faults& f) {
  std::lock_guard lock(faults_mutex_);
  faults_ = f;
}

std::string BrokerCore::next_message_id() { return "msg-" + std::to_string(++message_seq_); }
std::string BrokerCore::next_ack_id() { return "ack-" + std::to_string(++ack_seq_); }
std::string BrokerCore::next_session_id() { return "session-" + std::to_string(++session_seq_); }

void BrokerCore::add_subscription(Subscription* s) { subscribers_[s->destination].push_back(s); }

void BrokerCore::remove_subscription(const Subscription* s) {
  auto it = subscribers_.find(s->destination);
  if (it == subscribers_.end()) return;
  std::erase(it->second, s);
  if (it->second.empty()) subscribers_.erase(it);
}

Subscription* BrokerCore::pick(const std::string& destination, const Subscription* avoid) {
  auto it = subscribers_.find(destination);
  if (it == subscribers_.end() || it->second.empty()) return nullptr;
  auto& subs = it->second;
  std::size_t& turn = next_turn_[destination];
  for (std::size_t i = 0; i < subs.size(); ++i) {
    Subscription* s = subs[(turn + i) % subs.size()];
    if (s != avoid || subs.size() == 1) {
      turn = (turn + i + 1) % subs.size();
      return s;
    }
  }
  return nullptr;
}

void BrokerCore::publish(const Message& m) {
  if (dead()) return;
  if (is_topic(m.destination)) {
    auto it = subscribers_.find(m.destination);
    if (it == subscribers_.end()) return;
    // Copied: a delivery never unsubscribes, but stay safe against it.
    const auto subs = it->second;
    for (Subscription* s : subs)
      if (!options_.topic_no_local || s->session != m.origin) s->session->deliver(*s, m);
    return;
  }
  if (Subscription* s = pick(m.destination, nullptr)) {
    s->session->deliver(*s, m);
  } else {
    stored_[m.destination].push_back(m);
  }
}

void BrokerCore::redeliver(const Message& m, const Subscription* avoid) {
  if (dead() || is_topic(m.destination)) return;
  if (Subscription* s = pick(m.destination, avoid)) {
    s->session->deliver(*s, m);
  } else {
    stored_[m.destination].push_back(m);
  }
}

void BrokerCore::deliver_stored(const std::string& destination) {
  auto it = stored_.find(destination);
  while (!dead() && it != stored_.end() && !it->second.empty()) {
    Subscription* s = pick(destination, nullptr);
    if (s == nullptr) return;
    Message m = std::move(it->second.front());
    it->second.pop_front();
    s->session->deliver(*s, m);
    it = stored_.find(destination);
  }
}

void BrokerCore::crash() {
  if (crashed_) return;
  crashed_ = true;
  if (on_crash) on_crash();
}

}  // namespace stompspec::testing
