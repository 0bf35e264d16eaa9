// The fake broker as a process, for the CLI tests: prints its two URLs on
// one line, then serves until killed.
//   stompspec_fake_broker_cli [--crash-on TEXT]
#include <unistd.h>

#include <cstdio>
#include <string>

#include "fake_broker.hpp"

int main(int argc, char** argv) {
  stompspec::testing::Faults f;
  for (int i = 1; i + 1 < argc; i += 2)
    if (std::string(argv[i]) == "--crash-on") f.crash_on = argv[i + 1];
  stompspec::testing::FakeBroker broker(f);
  std::printf("%s %s\n", broker.url().c_str(), broker.ws_url().c_str());
  std::fflush(stdout);
  for (;;) pause();
}
