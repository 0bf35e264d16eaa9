#include "cli/interrupt.hpp"

#include <unistd.h>

#include <atomic>
#include <csignal>

namespace stompspec::cli {
namespace {

std::atomic<int> g_signal{0};

// Only async-signal-safe calls in here: an atomic, write(2) and _exit(2).
void on_signal(int sig) {
  if (g_signal.exchange(sig) != 0) {
    constexpr char msg[] = "\nstompspec: interrupted again: exiting now (results.jsonl has the finished cases)\n";
    (void)!write(STDERR_FILENO, msg, sizeof msg - 1);
    _exit(128 + sig);
  }
  constexpr char msg[] =
      "\nstompspec: interrupted: no new case starts; the running ones finish, then the reports are written "
      "(interrupt again to quit at once)\n";
  (void)!write(STDERR_FILENO, msg, sizeof msg - 1);
}

}  // namespace

void install_interrupt_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

int interrupt_signal() { return g_signal.load(); }

}  // namespace stompspec::cli
