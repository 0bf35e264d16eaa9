#pragma once
// Asio helpers shared by the TCP and WebSocket transports: running a private
// io_context against a deadline, converting errors, and connecting a socket.
// Include only from the transport translation units (and fuzz targets).
#include <algorithm>
#include <chrono>
#include <memory>
#include <new>
#include <string>
#include <system_error>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/system/system_error.hpp>

#include "transport.hpp"

namespace stompspec::detail {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using boost_error = boost::system::error_code;

// How long a cancelled or aborted operation may take to report back. Local
// cancellation completes at once; this only bounds a misbehaving case.
inline constexpr Millis kCancelGrace{1000};

// The result of one asynchronous operation. Handlers hold it by shared_ptr so
// that an operation left running (a WebSocket read that timed out) or one
// completing late never writes into a dead stack frame.
struct OpState {
  bool done = false;
  boost_error ec;
  std::size_t bytes = 0;
};
using OpPtr = std::shared_ptr<OpState>;

inline auto completion(const OpPtr& st) {
  return [st](boost_error ec, std::size_t n = 0) {
    st->ec = ec;
    st->bytes = n;
    st->done = true;
  };
}

// Saturates, so that Millis::max() means "no deadline" rather than overflow.
inline Clock::time_point deadline_after(Millis timeout) {
  const auto now = Clock::now();
  const auto cap = std::chrono::duration_cast<Millis>(std::chrono::hours(24 * 365));
  return now + std::clamp(timeout, Millis{0}, cap);
}

// How many ready handlers a call runs past its deadline: enough for a
// composed operation whose data already arrived to finish.
inline constexpr int kPollPastDeadline = 1024;

// Runs handlers until `done` or the deadline. A deadline already past still
// runs whatever is ready, so a zero timeout polls; but only so much of it: a
// peer that floods us keeps handlers ready forever (issue 11: a WebSocket
// close against a broker that never stops sending spun here for good).
inline bool run_until(asio::io_context& ioc, const bool& done, Clock::time_point deadline) {
  ioc.restart();
  for (int past = 0; !done && ioc.poll_one() > 0;) {
    if (Clock::now() >= deadline && ++past >= kPollPastDeadline) return done;
  }
  while (!done && Clock::now() < deadline) {
    if (ioc.run_one_until(deadline) == 0 && ioc.stopped()) {
      // Out of work with the operation unfinished: nothing will ever finish it.
      return done;
    }
  }
  return done;
}

// Lets handlers of aborted operations run, so none outlives the call.
inline void drain(asio::io_context& ioc) {
  ioc.restart();
  ioc.run_for(kCancelGrace);
}

// EOF becomes closed_by_peer; OS errors keep their category (system or
// generic) so callers can compare them with std::errc values.
inline std::error_code to_std(const boost_error& ec) {
  if (!ec) return {};
  if (ec == asio::error::eof) return TransportErrc::closed_by_peer;
  return static_cast<std::error_code>(ec);
}

// The interface promises never to throw: allocation failures and Asio's
// throwing calls (set_option, resolver construction) end up as error codes.
template <class F>
std::error_code guarded(F&& f) noexcept {
  try {
    return f();
  } catch (const boost::system::system_error& e) {
    return to_std(e.code());
  } catch (const std::system_error& e) {
    return e.code();
  } catch (const std::bad_alloc&) {
    return std::make_error_code(std::errc::not_enough_memory);
  } catch (...) {
    return std::make_error_code(std::errc::io_error);
  }
}

// Resolves (unless the host is an address literal) and connects, trying each
// address in turn. On timeout the socket is left closed.
inline std::error_code connect_socket(asio::io_context& ioc, tcp::socket& socket, const Url& url,
                                      Clock::time_point deadline) {
  std::vector<tcp::endpoint> endpoints;
  boost_error ec;
  const auto address = asio::ip::make_address(url.host, ec);
  if (!ec) {
    endpoints.emplace_back(address, url.port);
  } else {
    tcp::resolver resolver(ioc);
    auto st = std::make_shared<OpState>();
    auto results = std::make_shared<tcp::resolver::results_type>();
    resolver.async_resolve(url.host, std::to_string(url.port),
                           [st, results](boost_error e, tcp::resolver::results_type r) {
                             *results = std::move(r);
                             completion(st)(e);
                           });
    if (!run_until(ioc, st->done, deadline)) {
      resolver.cancel();
      drain(ioc);
      return TransportErrc::timed_out;
    }
    if (st->ec) return to_std(st->ec);
    for (const auto& entry : *results) endpoints.push_back(entry.endpoint());
  }

  auto st = std::make_shared<OpState>();
  asio::async_connect(socket, endpoints,
                      [st](boost_error e, const tcp::endpoint&) { completion(st)(e); });
  if (!run_until(ioc, st->done, deadline)) {
    socket.close(ec);
    drain(ioc);
    return TransportErrc::timed_out;
  }
  if (st->ec) {
    socket.close(ec);
    return to_std(st->ec);
  }
  socket.set_option(tcp::no_delay(true), ec);
  if (ec) {
    socket.close(ec);
    return to_std(ec);
  }
  return {};
}

}  // namespace stompspec::detail
