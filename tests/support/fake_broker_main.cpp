// fake-broker: the tests' fake STOMP broker as a program, so cases can be
// checked against a correct, a broken or a legally different broker with a
// prebuilt stompspec and nothing compiled.
//
//   fake-broker [--port N] [--ws-port M] [--fault NAME[=V]]... [--variation NAME]...
//               [--option K=V]... [--list]
//
// Prints its two URLs, then runs until SIGINT/SIGTERM, or until stdin closes
// when stdin is a pipe or a terminal (so a parent that dies takes it along;
// /dev/null, as under `&` in a script, is not watched).
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>

#include "fake_broker.hpp"
#include "fault_table.hpp"

namespace {

using namespace stompspec::testing;

volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) { g_stop = 1; }

void print_list() {
  std::cout << "faults (--fault NAME, or NAME=VALUE where shown), with the requirements each breaks:\n";
  for (const auto& f : fault_table()) {
    std::string name(f.name);
    if (!f.value.empty()) name += "=" + std::string(f.value);
    std::cout << "  " << name << (f.breaks.empty() ? "" : "  [" + std::string(f.breaks) + "]") << "\n";
  }
  std::cout << "\nlegal variations (--variation NAME, or 'all'):\n";
  for (const auto& v : variation_table()) std::cout << "  " << v.name << "  " << v.doc << "\n";
  std::cout << "\noptions (--option NAME=VALUE):\n";
  for (const auto& o : option_table()) std::cout << "  " << o.name << "  " << o.doc << "\n";
}

int usage(const std::string& why) {
  std::cerr << "fake-broker: " << why << "\n"
            << "usage: fake-broker [--port N] [--ws-port M] [--fault NAME[=V]]... [--variation NAME]...\n"
            << "                   [--option K=V]... [--list]\n";
  return 2;
}

bool watch_stdin() {
  struct stat st {};
  if (fstat(STDIN_FILENO, &st) != 0) return false;
  return S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode) || isatty(STDIN_FILENO);
}

}  // namespace

int main(int argc, char** argv) {
  Faults faults;
  Options options;
  Variations variations;
  std::string why;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    if (a == "--list") {
      print_list();
      return 0;
    }
    if (a == "-h" || a == "--help") return usage("a fake STOMP broker for stompspec's own tests"), 0;
    const char* v = (a == "--port" || a == "--ws-port" || a == "--fault" || a == "--variation" || a == "--option")
                        ? next() : nullptr;
    if (v == nullptr) return usage(a.starts_with("--") ? a + " needs a value, or is unknown" : "unexpected " + a);
    bool ok = true;
    if (a == "--port") ok = apply_option(options, std::string("port=") + v, &why);
    else if (a == "--ws-port") ok = apply_option(options, std::string("ws_port=") + v, &why);
    else if (a == "--fault") ok = apply_fault(faults, v, &why);
    else if (a == "--option") ok = apply_option(options, v, &why);
    else if (std::string(v) == "all") variations = all_variations();
    else ok = apply_variation(variations, v, &why);
    if (!ok) return usage(why);
  }

  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  std::signal(SIGPIPE, SIG_IGN);
  try {
    FakeBroker broker(faults, options, variations);
    std::cout << broker.url() << "\n" << broker.ws_url() << std::endl;
    const bool stdin_watched = watch_stdin();
    while (g_stop == 0) {
      pollfd p{STDIN_FILENO, POLLIN, 0};
      if (!stdin_watched) {
        ::poll(nullptr, 0, 100);
        continue;
      }
      if (::poll(&p, 1, 100) > 0) {
        char buf[256];
        if ((p.revents & (POLLIN | POLLHUP)) != 0 && ::read(STDIN_FILENO, buf, sizeof buf) <= 0) break;
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "fake-broker: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
