// hostile-broker: a STOMP "broker" that is broken by definition, to show that
// nothing a broker does crashes, hangs or exhausts stompspec (issue 11).
//   hostile-broker --behaviour NAME --transport tcp|tls|ws|wss|sockjs
//                  [--cert FILE --key FILE] [--slow-seconds N] [--list]
// Listens on 127.0.0.1 (an ephemeral port), prints the port on stdout, serves
// each connection on its own thread until killed. The URL to give stompspec:
// tcp://, tls://, ws://…/ws, wss://…/ws or sockjs+http://…/stomp.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <thread>

#include <boost/asio/io_context.hpp>

#include "behaviours.hpp"

int main(int argc, char** argv) {
  using namespace hostile;
  Options o;
  std::string transport = "tcp", cert, key;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(a + " needs a value");
      return argv[++i];
    };
    try {
      if (a == "--behaviour") o.behaviour = value();
      else if (a == "--transport") transport = value();
      else if (a == "--cert") cert = value();
      else if (a == "--key") key = value();
      else if (a == "--slow-seconds") o.slow_seconds = std::stoi(value());
      else if (a == "--list") {
        for (const auto& b : behaviours()) std::cout << b << "\n";
        return 0;
      } else throw std::invalid_argument("unknown option " + a);
    } catch (const std::exception& e) {
      std::cerr << "hostile-broker: " << e.what() << "\n";
      return 2;
    }
  }
  const auto& all = behaviours();
  if (std::find(all.begin(), all.end(), o.behaviour) == all.end()) {
    std::cerr << "hostile-broker: unknown --behaviour '" << o.behaviour << "' (--list names them)\n";
    return 2;
  }
  try {
    const Scheme scheme = parse_scheme(transport);
    asio::ssl::context ctx(asio::ssl::context::tls_server);
    if (is_tls(scheme)) {
      ctx.use_certificate_chain_file(cert);
      ctx.use_private_key_file(key, asio::ssl::context::pem);
    }
    asio::io_context ioc;
    Tcp::acceptor acceptor(ioc, Tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    std::cout << acceptor.local_endpoint().port() << std::endl;
    for (;;) {
      Tcp::socket s(ioc);
      acceptor.accept(s);
      std::thread([s = std::move(s), scheme, o, &ctx]() mutable {
        try {
          Wire wire(std::move(s), is_tls(scheme) ? &ctx : nullptr);
          serve(wire, scheme, o);
        } catch (const std::exception&) {
          // The client went away: that ends the connection, nothing more.
        }
      }).detach();
    }
  } catch (const std::exception& e) {
    std::cerr << "hostile-broker: " << e.what() << "\n";
    return 2;
  }
}
