// BEGIN, COMMIT, ABORT and the frames a transaction holds until then.
#include "session.hpp"

namespace stompspec::testing {

bool Session::hold_in_transaction(const Frame& f, bool& held) {
  held = false;
  const auto tx = header(f, "transaction");
  if (!tx || f_.ignore_transactions) return true;
  auto it = transactions_.find(*tx);
  if (it == transactions_.end()) {
    if (f_.no_error_unknown_transaction) return true;
    error(&f, "unknown transaction", "No transaction named '" + *tx + "' has begun");
    return false;
  }
  it->second.push_back(f);
  held = true;
  return true;
}

bool Session::on_begin(const Frame& f) {
  if (f_.ignore_transactions) return true;
  const auto tx = header(f, "transaction");
  if (!tx) {
    if (f_.accept_begin_without_transaction) return true;
    error(&f, "missing transaction", "BEGIN requires a transaction header");
    return false;
  }
  if (transactions_.contains(*tx)) {
    error(&f, "duplicate transaction", "The transaction '" + *tx + "' has already begun");
    return false;
  }
  transactions_[*tx];
  return true;
}

bool Session::on_commit(const Frame& f, bool abort) {
  if (f_.ignore_transactions) return true;
  const auto tx = header(f, "transaction");
  if (!tx) {
    error(&f, "missing transaction", f.command + " requires a transaction header");
    return false;
  }
  auto it = transactions_.find(*tx);
  if (it == transactions_.end()) {
    if (f_.no_error_unknown_transaction) return true;
    error(&f, "unknown transaction", "No transaction named '" + *tx + "' has begun");
    return false;
  }
  const auto frames = std::move(it->second);
  transactions_.erase(it);
  if (abort ? !f_.abort_delivers : f_.commit_discards) return true;
  for (const Frame& held : frames) {
    if (held.command == "SEND") on_send(held, true);
    else on_ack(held, held.command == "NACK", true);
  }
  return true;
}

}  // namespace stompspec::testing
