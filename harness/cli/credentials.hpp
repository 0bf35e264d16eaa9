#pragma once
// --login, --passcode and --host for `run` and `fuzz`, and the TLS files
// (--ca, --cert, --key, --tls-server-name, --insecure). They override the
// profile; the passcode may also come from STOMPSPEC_PASSCODE, so it need not
// appear in a shell history or a process list. It is never printed.
#include <optional>
#include <string>

namespace CLI { class App; }

namespace stompspec { struct Profile; }

namespace stompspec::cli {

struct CredentialArgs {
  std::optional<std::string> login, passcode, host;
  // tls:// and wss://
  std::optional<std::string> ca, cert, key, tls_server_name;
  bool insecure = false;
};

void add_credential_options(CLI::App& cmd, CredentialArgs& a);
// --passcode, else STOMPSPEC_PASSCODE, else the profile's; likewise login and host.
void apply_credentials(const CredentialArgs& a, Profile& p);

}  // namespace stompspec::cli
