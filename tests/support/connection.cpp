#include "connection.hpp"

#include <boost/asio/post.hpp>

namespace stompspec::testing {
namespace {

using SteadyClock = std::chrono::steady_clock;
// A client that reads nothing while we keep writing is cut off here.
constexpr std::size_t kMaxQueuedBytes = 64 * 1024 * 1024;

}  // namespace

Connection::Connection(asio::io_context& ioc, BrokerCore& core)
    : ioc_(ioc), core_(core), session_(std::make_unique<Session>(core, *this)), send_timer_(ioc),
      expect_timer_(ioc), linger_timer_(ioc), last_read_(SteadyClock::now()), last_write_(last_read_) {}

Connection::~Connection() {
  // The derived transport is gone already: nothing the session does during
  // its teardown may reach it.
  closed_ = true;
  session_.reset();
}

void Connection::close_now() {
  if (closed_) return;
  closed_ = true;
  send_timer_.cancel();
  expect_timer_.cancel();
  linger_timer_.cancel();
  close_transport();
  asio::post(ioc_, [self = shared_from_this()] { self->session_->on_closed(); });
}

void Connection::received(std::string_view bytes) {
  last_read_ = SteadyClock::now();
  if (closing_ || closed_) return;  // draining while lingering
  session_->on_bytes(bytes);
}

void Connection::write(std::string bytes) {
  if (closing_ || closed_) return;
  last_write_ = SteadyClock::now();
  queued_bytes_ += bytes.size();
  if (queued_bytes_ > kMaxQueuedBytes) return close_now();
  queue_.push_back(std::move(bytes));
  if (!writing_) write_next();
}

void Connection::write_next() {
  if (closed_) return;
  if (queue_.empty()) {
    writing_ = false;
    if (closing_) goodbye();
    return;
  }
  writing_ = true;
  async_send(queue_.front(), [self = shared_from_this()](boost::system::error_code ec) {
    self->queued_bytes_ -= self->queue_.front().size();
    self->queue_.pop_front();
    if (ec) return self->close_now();
    self->write_next();
  });
}

void Connection::close_after_flush() {
  if (closing_ || closed_) return;
  closing_ = true;
  send_timer_.cancel();
  expect_timer_.cancel();
  if (!writing_) goodbye();
}

void Connection::reset_after_flush() {
  reset_ = true;
  close_after_flush();
}

void Connection::goodbye() {
  if (reset_) {
    // A reset discards what the peer has not read yet; wait a moment so the
    // ERROR arrives whole and the reset is what the client sees next (a
    // reset that cuts a frame is another matter, not this variation's).
    linger_timer_.expires_after(std::chrono::milliseconds(50));
    linger_timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (ec) return;
      self->arm_reset();
      self->close_now();
    });
    return;
  }
  say_goodbye();
  // Keep reading (and discarding) for a while so that unread client bytes do
  // not turn our close into a reset that destroys the last frame in flight.
  linger_timer_.expires_after(core_.options().linger);
  linger_timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
    if (!ec) self->close_now();
  });
}

void Connection::start_heartbeats(std::chrono::milliseconds send, std::chrono::milliseconds expect) {
  send_interval_ = send;
  expect_interval_ = expect;
  last_read_ = last_write_ = SteadyClock::now();
  if (send.count() > 0) arm_send_timer();
  if (expect.count() > 0) arm_expect_timer();
}

SteadyClock::duration Connection::send_period() const {
  const int factor = std::max(1, core_.faults().heartbeat_interval_factor);
  const int divisor = core_.variations().frequent_heartbeats ? 2 : 1;
  // Aim a tenth early so that timer jitter never makes a beat late.
  return send_interval_ * factor * 9 / 10 / divisor;
}

void Connection::arm_send_timer() {
  const auto period = send_period();
  send_timer_.expires_at(std::max(last_write_ + period, SteadyClock::now()));
  send_timer_.async_wait([self = shared_from_this(), period](boost::system::error_code ec) {
    if (ec || self->closed_ || self->closing_) return;
    if (self->core_.hung()) {
      self->last_write_ = SteadyClock::now();  // a hung broker beats no more
    } else if (SteadyClock::now() >= self->last_write_ + period) {
      self->write("\n");
    }
    self->arm_send_timer();
  });
}

void Connection::arm_expect_timer() {
  const auto f = core_.faults();
  const double grace = f.drop_beating_client_early ? 0.5 : core_.options().heartbeat_grace;
  const auto limit = std::chrono::duration_cast<SteadyClock::duration>(expect_interval_ * grace);
  expect_timer_.expires_at(std::max(last_read_ + limit, SteadyClock::now() + std::chrono::milliseconds(1)));
  expect_timer_.async_wait([self = shared_from_this(), limit](boost::system::error_code ec) {
    if (ec || self->closed_ || self->closing_) return;
    const auto now = SteadyClock::now();
    if (self->core_.hung() || self->core_.faults().never_drop_silent_client) {
      self->last_read_ = now;  // never judge the client
    } else if (now >= self->last_read_ + limit) {
      return self->close_now();
    }
    self->arm_expect_timer();
  });
}

}  // namespace stompspec::testing
