// stompspec proxy: a fault-injecting proxy between a STOMP client and a
// broker. Prints one "listening <url> -> <upstream>" line per route (with the
// port chosen when --listen says :0), serves until SIGINT or SIGTERM, then
// prints what it rewrote. Exit codes: 0 after a signal, 2 for usage errors
// or a listener that cannot open.
#include <atomic>
#include <csignal>
#include <iostream>
#include <mutex>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "proxy/proxy.hpp"

namespace stompspec::cli {
namespace {

struct ProxyArgs {
  std::vector<std::string> listen, upstream, faults;
  bool list = false, allow_remote = false, quiet = false;
  std::string ca;
  bool insecure = false;
  int connect_timeout_ms = 10000, write_timeout_ms = 10000, idle_timeout_s = 600, hold_ms = 30000;
};

ProxyArgs& proxy_args() {
  static ProxyArgs a;
  return a;
}

std::atomic<bool> g_proxy_stop{false};
void on_proxy_signal(int) { g_proxy_stop.store(true); }

int proxy_usage(const std::string& message) {
  std::cerr << "stompspec proxy: " << message << "\n";
  return kExitUsage;
}

// Url::parse refuses port 0, which here asks for a free port.
std::optional<Url> parse_listen(const std::string& text, std::string* error) {
  if (auto u = Url::parse(text, error)) return u;
  for (const char* zero : {":0/", ":0"}) {
    const auto at = text.rfind(zero);
    if (at == std::string::npos || (std::string(zero) == ":0" && at + 2 != text.size())) continue;
    std::string probe = text;
    probe.replace(at, 2, ":1");
    if (auto u = Url::parse(probe, error)) {
      u->port = 0;
      return u;
    }
  }
  return std::nullopt;
}

}  // namespace

CLI::App* add_proxy_command(CLI::App& app) {
  ProxyArgs& a = proxy_args();
  auto* p = app.add_subcommand(
      "proxy", "Forward a client's STOMP traffic to a broker, injecting named spec violations (--list shows them)");
  p->add_option("--listen", a.listen, "Where to listen: tcp://127.0.0.1:PORT or ws://127.0.0.1:PORT/path; port 0 picks one (repeatable, paired with --upstream in order)")
      ->allow_extra_args(false);
  p->add_option("--upstream", a.upstream, "The broker: tcp:// or tls:// behind a tcp:// listener, ws:// or wss:// behind ws:// (repeatable)")
      ->allow_extra_args(false);
  p->add_option("--fault", a.faults, "A fault to inject (repeatable; see --list); none: a transparent proxy");
  p->add_flag("--list", a.list, "Print the faults: name, which way they rewrite, the requirement they break, what they do");
  p->add_flag("--allow-remote", a.allow_remote, "Allow listening or connecting beyond loopback");
  p->add_flag("-q,--quiet", a.quiet, "Do not log each rewrite and dropped connection on stderr");
  p->add_option("--ca", a.ca, "tls:// and wss:// upstreams: PEM file of the CA that signed the broker's certificate");
  p->add_flag("--insecure", a.insecure, "tls:// and wss:// upstreams: do not verify the broker's certificate");
  p->add_option("--connect-timeout", a.connect_timeout_ms, "ms for connecting and handshaking with the broker and the client")->default_val(10000);
  p->add_option("--write-timeout", a.write_timeout_ms, "ms a write may wait for a peer that does not read")->default_val(10000);
  p->add_option("--idle-timeout", a.idle_timeout_s, "s of silence on both sides before a connection is dropped")->default_val(600);
  p->add_option("--hold", a.hold_ms, "keep-open-after-error: ms the client's connection stays open after the broker closed")->default_val(30000);
  return p;
}

int cmd_proxy() {
  const ProxyArgs& a = proxy_args();
  if (a.list) {
    std::cout << proxy::format_fault_table();
    return kExitOk;
  }
  if (a.listen.empty()) return proxy_usage("--listen is required (with --upstream)");
  if (a.listen.size() != a.upstream.size())
    return proxy_usage(fmt::format("{} --listen but {} --upstream: give them in pairs", a.listen.size(), a.upstream.size()));

  proxy::ProxyOptions opt;
  for (std::size_t i = 0; i < a.listen.size(); ++i) {
    std::string error;
    auto l = parse_listen(a.listen[i], &error);
    if (!l) return proxy_usage("--listen: " + error);
    auto u = Url::parse(a.upstream[i], &error);
    if (!u) return proxy_usage("--upstream: " + error);
    proxy::Route r{*l, *u};
    if (!proxy::check_route(r, a.allow_remote, &error)) return proxy_usage(error);
    opt.routes.push_back(std::move(r));
  }
  std::vector<proxy::Fault> faults;
  for (const auto& name : a.faults) {
    auto f = proxy::parse_fault(name);
    if (!f) return proxy_usage("unknown fault '" + name + "' (stompspec proxy --list shows them)");
    const auto& info = proxy::info(*f);
    if (info.websocket_only && std::none_of(opt.routes.begin(), opt.routes.end(),
                                            [](const auto& r) { return r.listen.is_websocket(); }))
      return proxy_usage("fault '" + name + "' acts on the WebSocket handshake: it needs a ws:// --listen");
    faults.push_back(*f);
  }
  opt.faults = proxy::FaultSet(std::move(faults));
  opt.tls.ca_file = a.ca;
  opt.tls.insecure = a.insecure;
  opt.connect_timeout = Millis(a.connect_timeout_ms);
  opt.write_timeout = Millis(a.write_timeout_ms);
  opt.idle_timeout = Millis(std::int64_t{a.idle_timeout_s} * 1000);
  opt.hold = Millis(a.hold_ms);
  static std::mutex log_mutex;
  if (!a.quiet) opt.log = [](const std::string& line) {
    std::lock_guard lock(log_mutex);
    std::cerr << line << '\n';
  };

  proxy::Proxy px(std::move(opt));
  std::string error;
  if (!px.bind(&error)) return proxy_usage(error);
  const auto urls = px.listening();
  for (std::size_t i = 0; i < urls.size(); ++i)
    std::cout << "listening " << urls[i].str() << " -> " << a.upstream[i] << std::endl;
  std::cout << "faults: " << (a.faults.empty() ? std::string("none (transparent)") : fmt::format("{}", fmt::join(a.faults, " ")))
            << std::endl;

  std::signal(SIGINT, on_proxy_signal);
  std::signal(SIGTERM, on_proxy_signal);
  std::signal(SIGPIPE, SIG_IGN);
  px.run([] { return g_proxy_stop.load(); });

  const auto st = px.stats();
  std::cout << fmt::format("stopped: {} connections, {} without a broker", st.connections, st.failed_upstream);
  for (const auto& [name, n] : st.rewrites) std::cout << fmt::format("; {} x{}", name, n);
  std::cout << std::endl;
  return kExitOk;
}

}  // namespace stompspec::cli
