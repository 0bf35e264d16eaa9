// stompspec probe: a draft profile for an unknown broker (runner/probe.hpp).
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "runner/probe.hpp"

namespace stompspec::cli {
namespace {

struct ProbeArgs {
  std::string target, output, queue_prefix = "/queue/", topic_prefix = "/topic/";
  int wait_ms = 1500;
  CredentialArgs credentials;
};

ProbeArgs& probe_args() {
  static ProbeArgs a;
  return a;
}

}  // namespace

CLI::App* add_probe_command(CLI::App& app) {
  ProbeArgs& a = probe_args();
  auto* p = app.add_subcommand("probe", "Talk to a broker for about a minute and draft a profile for it");
  p->add_option("--target", a.target, "Broker URL (tcp://, tls://, ws://, wss://, sockjs+http://, sockjs-xhr+http://)")->required();
  p->add_option("-o,--output", a.output, "Write the draft profile here (default: stdout)");
  p->add_option("--queue-prefix", a.queue_prefix, "Destination prefix to try as queues")->default_val("/queue/");
  p->add_option("--topic-prefix", a.topic_prefix, "Destination prefix to try as topics")->default_val("/topic/");
  p->add_option("--wait", a.wait_ms, "How long an answer may take, in ms")->default_val(1500);
  add_credential_options(*p, a.credentials);
  return p;
}

int cmd_probe() {
  const ProbeArgs& a = probe_args();
  std::string why;
  auto url = Url::parse(a.target, &why);
  if (!url) {
    std::cerr << fmt::format("stompspec: bad target '{}': {}\n", a.target, why);
    return kExitUsage;
  }
  ProbeOptions o;
  o.url = *url;
  o.base.queue_prefix = a.queue_prefix;
  o.base.topic_prefix = a.topic_prefix;
  o.wait = Millis(a.wait_ms);
  apply_credentials(a.credentials, o.base);
  o.progress = [](const std::string& line) { std::cerr << "probe: " << line << "\n"; };
  auto draft = probe_broker_profile(o);
  if (!draft["features"].contains("versions") || draft["features"]["versions"].empty()) {
    std::cerr << fmt::format("stompspec: {} answered no CONNECT with CONNECTED; check the URL and credentials "
                             "(--login, --passcode or STOMPSPEC_PASSCODE, --host)\n", url->str());
    return kExitUsage;
  }
  const std::string text = draft.dump(2) + "\n";
  if (a.output.empty()) {
    std::cout << text;
  } else {
    std::ofstream(a.output) << text;
    std::cerr << fmt::format("probe: draft profile written to {} (add the passcode with --passcode or "
                             "STOMPSPEC_PASSCODE when you run; deviations are yours to add)\n", a.output);
  }
  return kExitOk;
}

}  // namespace stompspec::cli
