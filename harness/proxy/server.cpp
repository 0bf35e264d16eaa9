// The proxy's network side: listeners, and one coroutine per proxied
// connection that connects the broker, then runs a reader and a writer per
// direction. Readers pass what arrives through a Rewriter into an outbox;
// writers empty it in order (timed pieces at their time). A watchdog puts a
// deadline on every operation: it drops the connection when a connect or
// handshake, a write, or a silence on both sides lasts too long, so a
// hostile client or broker costs at most a dropped connection.
#include <deque>
#include <optional>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <fmt/format.h>

#include "proxy/ends.hpp"
#include "proxy/proxy.hpp"
#include "proxy/rewriter.hpp"
#include "transport/tls_context.hpp"

namespace stompspec::proxy {

using namespace net;
using SteadyClock = std::chrono::steady_clock;
using TimePoint = SteadyClock::time_point;

namespace {

std::vector<std::string> split_offer(std::string_view header) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= header.size()) {
    auto comma = header.find(',', pos);
    if (comma == std::string_view::npos) comma = header.size();
    std::string_view item = header.substr(pos, comma - pos);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
    pos = comma + 1;
  }
  return out;
}

struct Item {
  std::string bytes;
  bool text = false;
  std::uint64_t hold_id = 0;
  std::uint64_t release = 0;
};

// One direction's queue between its reader and its writer.
struct Outbox {
  explicit Outbox(asio::any_io_executor ex) : wake(ex) {}
  std::deque<Item> now;
  std::vector<std::pair<TimePoint, Item>> later;  // delayed pieces, in arrival order
  asio::steady_timer wake;
  enum class Ending { open, clean, reset } ending = Ending::open;
  websocket::close_reason reason;
  std::optional<TimePoint> write_started;
  bool done = false;  // the writer has finished
};

}  // namespace

struct Proxy::Impl {
  ProxyOptions opt;
  ProxyStats stats;
  std::size_t next_id = 0;
  std::unique_ptr<asio::ssl::context> tls;  // before ioc: outlives the sessions' streams
  asio::io_context ioc{1};
  std::vector<tcp::acceptor> acceptors;
  std::vector<Url> bound;

  explicit Impl(ProxyOptions o) : opt(std::move(o)) {}
  void log(const std::string& line) const {
    if (opt.log) opt.log(line);
  }
  awaitable<void> accept_loop(std::size_t route);
};

namespace {

// One proxied connection. Shared by its coroutines; the last one to end frees it.
struct Session : std::enable_shared_from_this<Session> {
  Session(Proxy::Impl& p, const Route& r, std::size_t n, tcp::socket s)
      : proxy(p), route(r), id(n), raw_client(std::move(s)), watchdog(proxy.ioc), to_client(proxy.ioc.get_executor()),
        to_broker(proxy.ioc.get_executor()),
        from_broker(Direction::from_broker, p.opt.faults, facts, logger()),
        from_client(Direction::from_client, p.opt.faults, facts, logger()) {}

  Proxy::Impl& proxy;
  const Route& route;
  std::size_t id;
  tcp::socket raw_client;  // until the client's End takes it over
  std::unique_ptr<End> client, broker;
  asio::steady_timer watchdog;
  std::optional<TimePoint> setup_deadline;
  TimePoint last_read = SteadyClock::now();
  Outbox to_client, to_broker;
  SessionFacts facts;
  Rewriter from_broker, from_client;
  bool aborted = false;
  bool broker_gone = false;   // its reader ended
  bool client_gone = false;
  bool holding = false;       // keep-open-after-error in effect
  int running = 0;            // pumps still running

  RewriteLog logger() {
    return [this](Fault f, const std::string& what) {
      ++proxy.stats.rewrites[std::string(info(f).name)];
      proxy.log(fmt::format("[{}] {}: {}", id, info(f).name, what));
    };
  }
  bool keeps_open() const { return proxy.opt.faults.has(Fault::keep_open_after_error) && facts.error_to_client; }

  // Drops both connections at once, with a reset: something failed.
  void abort(const std::string& why) {
    if (aborted) return;
    aborted = true;
    proxy.log(fmt::format("[{}] dropped: {}", id, why));
    drop_socket(raw_client, true);
    if (client) drop_socket(client->socket(), true);
    if (broker) drop_socket(broker->socket(), true);
    for (Outbox* o : {&to_client, &to_broker}) {
      if (o->ending == Outbox::Ending::open) o->ending = Outbox::Ending::reset;
      o->wake.cancel();
    }
  }

  awaitable<void> run();
  awaitable<bool> connect_broker(const std::vector<std::string>& offer, std::string* subprotocol);
  awaitable<bool> connect_socket(tcp::socket& s);
  awaitable<void> reader(End& src, Rewriter& rw, Outbox& out, bool& gone, bool websocket);
  awaitable<void> writer(End& dst, Outbox& box, bool to_the_client);
  awaitable<void> guard();
  void pump_done();
  void spawn(awaitable<void> a, const char* what);
};

void Session::spawn(awaitable<void> a, const char* what) {
  auto self = shared_from_this();
  asio::co_spawn(proxy.ioc, std::move(a), [self, what](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      self->abort(fmt::format("{}: {}", what, ex.what()));
    } catch (...) {
      self->abort(what);
    }
  });
}

// The deadline on every operation, checked four times a second.
awaitable<void> Session::guard() {
  for (;;) {
    watchdog.expires_after(std::chrono::milliseconds(250));
    (void)co_await watchdog.async_wait(tok);
    if (aborted || (running == 0 && !setup_deadline)) co_return;
    const auto now = SteadyClock::now();
    if (setup_deadline && now > *setup_deadline) abort("connect or handshake took too long");
    for (Outbox* o : {&to_client, &to_broker})
      if (o->write_started && now - *o->write_started > proxy.opt.write_timeout)
        abort(o == &to_client ? "the client stopped reading" : "the broker stopped reading");
    if (!holding && now - last_read > proxy.opt.idle_timeout) abort("idle timeout");
  }
}

awaitable<bool> Session::connect_socket(tcp::socket& s) {
  const Url& u = route.upstream;
  boost_error ec;
  std::vector<tcp::endpoint> eps;
  const auto addr = asio::ip::make_address(u.host, ec);
  if (!ec) {
    eps.emplace_back(addr, u.port);
  } else {
    tcp::resolver resolver(proxy.ioc);
    auto [rec, results] = co_await resolver.async_resolve(u.host, std::to_string(u.port), tok);
    if (rec) {
      proxy.log(fmt::format("[{}] cannot resolve {}: {}", id, u.host, rec.message()));
      co_return false;
    }
    for (const auto& e : results) eps.push_back(e.endpoint());
  }
  auto [cec, ep] = co_await asio::async_connect(s, eps, tok);
  if (cec) {
    proxy.log(fmt::format("[{}] cannot connect to {}: {}", id, u.str(), cec.message()));
    co_return false;
  }
  s.set_option(tcp::no_delay(true), ec);
  co_return true;
}

template <class TlsStream>
awaitable<bool> tls_handshake(Proxy::Impl& p, std::size_t id, const Url& u, TlsStream& s) {
  std::string why;
  if (!detail::prepare_tls_handle(s.native_handle(), u, p.opt.tls, &why)) {
    p.log(fmt::format("[{}] TLS: {}", id, why));
    co_return false;
  }
  auto [ec] = co_await s.async_handshake(asio::ssl::stream_base::client, tok);
  if (ec) p.log(fmt::format("[{}] TLS: {}", id, detail::describe_tls_failure(s.native_handle(), ec, p.opt.tls)));
  co_return !ec;
}

// Connects the broker's end; over WebSocket offers what the client offered.
awaitable<bool> Session::connect_broker(const std::vector<std::string>& offer, std::string* subprotocol) {
  const Url& u = route.upstream;
  if (u.is_tls() && !proxy.tls) {
    std::string why;
    if (!(proxy.tls = detail::make_tls_context(proxy.opt.tls, &why))) {
      proxy.log(fmt::format("[{}] TLS: {}", id, why));
      co_return false;
    }
  }
  if (!u.is_websocket()) {
    if (u.is_tls()) {
      auto end = std::make_unique<StreamEnd<asio::ssl::stream<tcp::socket>>>(proxy.ioc, *proxy.tls);
      auto& s = end->stream();
      broker = std::move(end);
      if (!co_await connect_socket(s.next_layer())) co_return false;
      co_return co_await tls_handshake(proxy, id, u, s);
    }
    auto end = std::make_unique<StreamEnd<tcp::socket>>(proxy.ioc);
    auto& s = end->stream();
    broker = std::move(end);
    co_return co_await connect_socket(s);
  }
  TransportOptions topt;
  topt.subprotocols = offer;
  const bool v6 = u.host.find(':') != std::string::npos;
  const std::string host = (v6 ? "[" + u.host + "]" : u.host) + ":" + std::to_string(u.port);
  auto finish = [&](auto& c) -> bool {
    *subprotocol = c.subprotocol();
    return true;
  };
  if (u.is_tls()) {
    using Next = beast::ssl_stream<beast::tcp_stream>;
    auto end = std::make_unique<WsClientEnd<Next>>(topt, proxy.opt.connect_timeout, proxy.ioc, *proxy.tls);
    auto& c = end->client();
    broker = std::move(end);
    if (!co_await connect_socket(beast::get_lowest_layer(c.stream()).socket())) co_return false;
    if (!co_await tls_handshake(proxy, id, u, c.stream().next_layer().next_layer())) co_return false;
    auto [ec] = co_await c.async_handshake(host, u.path, tok);
    if (auto e = c.finish_handshake(ec)) {
      proxy.log(fmt::format("[{}] WebSocket handshake with {}: {} {}", id, u.str(), e.message(), c.close_reason()));
      co_return false;
    }
    co_return finish(c);
  }
  using Next = beast::tcp_stream;
  auto end = std::make_unique<WsClientEnd<Next>>(topt, proxy.opt.connect_timeout, proxy.ioc);
  auto& c = end->client();
  broker = std::move(end);
  if (!co_await connect_socket(beast::get_lowest_layer(c.stream()).socket())) co_return false;
  auto [ec] = co_await c.async_handshake(host, u.path, tok);
  if (auto e = c.finish_handshake(ec)) {
    proxy.log(fmt::format("[{}] WebSocket handshake with {}: {} {}", id, u.str(), e.message(), c.close_reason()));
    co_return false;
  }
  co_return finish(c);
}

awaitable<void> Session::run() {
  setup_deadline = SteadyClock::now() + proxy.opt.connect_timeout;
  spawn(guard(), "watchdog");
  const bool ws = route.listen.is_websocket();
  const FaultSet& faults = proxy.opt.faults;
  if (!ws) {
    if (!co_await connect_broker({}, nullptr)) {
      ++proxy.stats.failed_upstream;
      abort("the broker could not be reached");
      co_return;
    }
    client = std::make_unique<StreamEnd<tcp::socket>>(std::move(raw_client));
  } else {
    auto server = std::make_unique<WsServerEnd>(std::move(raw_client), proxy.opt.connect_timeout);
    auto& sws = server->ws();
    client = std::move(server);
    beast::flat_buffer buf;
    beast::http::request<beast::http::string_body> req;
    auto [rec, rn] = co_await beast::http::async_read(sws.next_layer(), buf, req, tok);
    if (rec || !websocket::is_upgrade(req)) {
      abort(rec ? "reading the upgrade request: " + rec.message() : "not a WebSocket upgrade request");
      co_return;
    }
    auto offer = split_offer(req[beast::http::field::sec_websocket_protocol]);
    if (faults.has(Fault::client_drop_subprotocol) && !offer.empty()) {
      logger()(Fault::client_drop_subprotocol, "upgrade request offers no subprotocol");
      offer.clear();
    }
    std::string picked;
    if (!co_await connect_broker(offer, &picked)) {
      ++proxy.stats.failed_upstream;
      // The client hears why rather than seeing its connection vanish.
      beast::http::response<beast::http::string_body> res{beast::http::status::bad_gateway, req.version()};
      res.body() = "stompspec proxy: the broker could not be reached\n";
      res.prepare_payload();
      (void)co_await beast::http::async_write(sws.next_layer(), res, tok);
      abort("the broker could not be reached");
      co_return;
    }
    if (faults.has(Fault::drop_subprotocol) && !picked.empty()) {
      logger()(Fault::drop_subprotocol, "upgrade response names no subprotocol (the broker picked " + picked + ")");
      picked.clear();
    }
    sws.set_option(websocket::stream_base::decorator([picked](websocket::response_type& res) {
      if (!picked.empty()) res.set(beast::http::field::sec_websocket_protocol, picked);
    }));
    auto [aec] = co_await sws.async_accept(req, tok);
    if (aec) {
      abort("WebSocket accept: " + aec.message());
      co_return;
    }
  }
  if (aborted) co_return;
  setup_deadline.reset();
  last_read = SteadyClock::now();
  running = 4;
  spawn(reader(*client, from_client, to_broker, client_gone, ws), "client reader");
  spawn(reader(*broker, from_broker, to_client, broker_gone, ws), "broker reader");
  spawn(writer(*client, to_client, true), "client writer");
  spawn(writer(*broker, to_broker, false), "broker writer");
}

awaitable<void> Session::reader(End& src, Rewriter& rw, Outbox& out, bool& gone, bool websocket) {
  std::vector<Piece> pieces;
  for (;;) {
    std::string data;
    bool text = false;
    const auto ec = co_await src.read(data, text);
    if (ec) {
      gone = true;
      if (!aborted)
        proxy.log(fmt::format("[{}] {} ended: {}{}", id, &src == client.get() ? "client" : "broker",
                              clean_end(ec) ? "clean: " : "reset: ", ec.message()));
      if (out.ending == Outbox::Ending::open) {
        out.ending = clean_end(ec) ? Outbox::Ending::clean : Outbox::Ending::reset;
        out.reason = src.close_reason();
      }
      out.wake.cancel();
      pump_done();
      co_return;
    }
    last_read = SteadyClock::now();
    pieces.clear();
    rw.feed(data, pieces);
    // Plain pieces of one read go out together: over WebSocket as the one
    // message they came in, unless a piece must be a message of its own.
    std::string cur;
    bool have = false;
    auto flush = [&] {
      if (have) out.now.push_back({std::move(cur), text});
      cur.clear();
      have = false;
    };
    for (auto& p : pieces) {
      if (p.release != 0) {
        flush();
        out.now.push_back({{}, text, 0, p.release});
      } else if (p.delay.count() > 0) {
        out.later.emplace_back(SteadyClock::now() + p.delay, Item{std::move(p.bytes), text, p.hold_id});
      } else if (websocket && p.own_message) {
        flush();
        out.now.push_back({std::move(p.bytes), text});
      } else {
        cur += p.bytes;
        have = true;
      }
    }
    if (websocket || !cur.empty()) flush();
    out.wake.cancel();
  }
}

awaitable<void> Session::writer(End& dst, Outbox& box, bool to_the_client) {
  auto send = [&](Item it) -> awaitable<bool> {
    if (!to_the_client && holding) co_return true;  // the broker is gone; the client is kept talking to nothing
    if (it.bytes.empty() && !route.listen.is_websocket()) co_return true;
    box.write_started = SteadyClock::now();
    const auto ec = co_await dst.write(it.bytes, it.text);
    box.write_started.reset();
    if (ec) abort(fmt::format("writing to the {}: {}", to_the_client ? "client" : "broker", ec.message()));
    co_return !ec;
  };
  while (!aborted) {
    const auto now = SteadyClock::now();
    // Due delayed pieces join the queue.
    for (auto it = box.later.begin(); it != box.later.end();) {
      if (it->first <= now) {
        box.now.push_back(std::move(it->second));
        it = box.later.erase(it);
      } else {
        ++it;
      }
    }
    if (!box.now.empty()) {
      Item it = std::move(box.now.front());
      box.now.pop_front();
      if (it.release != 0) {  // send the held piece now, if it has not gone yet
        auto held = std::find_if(box.later.begin(), box.later.end(),
                                 [&](const auto& l) { return l.second.hold_id == it.release; });
        if (held == box.later.end()) continue;
        it = std::move(held->second);
        box.later.erase(held);
      }
      if (!co_await send(std::move(it))) break;
      continue;
    }
    if (box.ending != Outbox::Ending::open) {
      // The source ended: what is still held goes now, in order.
      for (auto& l : box.later)
        if (!co_await send(std::move(l.second))) break;
      box.later.clear();
      if (aborted) break;
      if (box.ending == Outbox::Ending::reset && !(to_the_client && keeps_open())) {
        drop_socket(dst.socket(), true);
        break;
      }
      if (to_the_client && keeps_open() && !client_gone) {
        // keep-open-after-error: the broker is gone, the client is not told.
        holding = true;
        logger()(Fault::keep_open_after_error, "broker closed after ERROR; client connection kept open");
        const auto until = SteadyClock::now() + proxy.opt.hold;
        while (!client_gone && !aborted && SteadyClock::now() < until) {
          box.wake.expires_after(std::chrono::milliseconds(100));
          (void)co_await box.wake.async_wait(tok);
        }
        if (aborted) break;
      }
      co_await dst.finish(box.reason);
      break;
    }
    if (box.later.empty()) {
      box.wake.expires_at(TimePoint::max());
    } else {
      auto first = std::min_element(box.later.begin(), box.later.end(),
                                    [](const auto& a, const auto& b) { return a.first < b.first; });
      box.wake.expires_at(first->first);
    }
    (void)co_await box.wake.async_wait(tok);
  }
  box.done = true;
  pump_done();
}

void Session::pump_done() {
  if (--running > 0) return;
  // Both directions are over: close what is left, quietly.
  boost_error ignored;
  if (client) client->socket().close(ignored);
  if (broker) broker->socket().close(ignored);
  watchdog.cancel();
}

}  // namespace

awaitable<void> Proxy::Impl::accept_loop(std::size_t r) {
  for (;;) {
    auto [ec, sock] = co_await acceptors[r].async_accept(tok);
    if (ec == asio::error::operation_aborted || !acceptors[r].is_open()) co_return;
    if (ec) continue;  // EMFILE and the like: the next accept may work
    ++stats.connections;
    boost_error ignored;
    sock.set_option(tcp::no_delay(true), ignored);
    auto s = std::make_shared<Session>(*this, opt.routes[r], ++next_id, std::move(sock));
    s->spawn(s->run(), "setup");
  }
}

Proxy::Proxy(ProxyOptions opt) : impl_(std::make_unique<Impl>(std::move(opt))) {}
Proxy::~Proxy() = default;

bool Proxy::bind(std::string* error) {
  auto& im = *impl_;
  for (const auto& r : im.opt.routes) {
    boost_error ec;
    const std::string host = r.listen.host == "localhost" ? "127.0.0.1" : r.listen.host;
    const auto addr = asio::ip::make_address(host, ec);
    if (ec) {
      *error = "cannot listen on '" + r.listen.host + "': not an IP address";
      return false;
    }
    tcp::acceptor acc(im.ioc);
    const tcp::endpoint ep(addr, r.listen.port);
    acc.open(ep.protocol(), ec);
    if (!ec) acc.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) acc.bind(ep, ec);
    if (!ec) acc.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      *error = "cannot listen on " + r.listen.str() + ": " + ec.message();
      return false;
    }
    Url actual = r.listen;
    actual.port = acc.local_endpoint().port();
    im.bound.push_back(actual);
    im.acceptors.push_back(std::move(acc));
  }
  return true;
}

std::vector<Url> Proxy::listening() const { return impl_->bound; }

void Proxy::run(const std::function<bool()>& stop) {
  auto& im = *impl_;
  for (std::size_t r = 0; r < im.acceptors.size(); ++r)
    asio::co_spawn(im.ioc, im.accept_loop(r), asio::detached);
  asio::steady_timer poll(im.ioc);
  std::function<void(boost_error)> tick = [&](boost_error) {
    if (stop()) {
      boost_error ignored;
      for (auto& a : im.acceptors) a.close(ignored);
      im.ioc.stop();
      return;
    }
    poll.expires_after(std::chrono::milliseconds(100));
    poll.async_wait(tick);
  };
  tick({});
  while (!im.ioc.stopped()) {
    try {
      im.ioc.run();
    } catch (const std::exception& e) {
      im.log(std::string("proxy: ") + e.what());  // one connection's trouble; serve on
    }
  }
}

ProxyStats Proxy::stats() const { return impl_->stats; }

bool check_route(const Route& r, bool allow_remote, std::string* error) {
  if (r.listen.scheme != "tcp" && r.listen.scheme != "ws") {
    *error = "--listen " + r.listen.str() + ": the proxy listens on tcp:// or ws:// only";
    return false;
  }
  if (r.upstream.is_sockjs()) {
    *error = "--upstream " + r.upstream.str() + ": SockJS upstreams are not supported";
    return false;
  }
  if (r.listen.is_websocket() != r.upstream.is_websocket()) {
    *error = "--listen " + r.listen.str() + " and --upstream " + r.upstream.str() +
             " do not fit: tcp:// listens for tcp:// or tls://, ws:// for ws:// or wss://";
    return false;
  }
  if (!allow_remote && (!r.listen.is_loopback() || !r.upstream.is_loopback())) {
    *error = "the proxy listens and connects on loopback only (127.0.0.1, ::1, localhost); --allow-remote lifts this";
    return false;
  }
  return true;
}

}  // namespace stompspec::proxy
