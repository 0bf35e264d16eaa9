#include "cli/credentials.hpp"

#include <cstdlib>

#include <CLI/CLI.hpp>

#include "engine/profile.hpp"

namespace stompspec::cli {

void add_credential_options(CLI::App& cmd, CredentialArgs& a) {
  cmd.add_option("--login", a.login, "STOMP login (overrides the profile's)");
  cmd.add_option("--passcode", a.passcode,
                 "STOMP passcode (overrides the profile's; STOMPSPEC_PASSCODE is read when this is not given). Never printed");
  cmd.add_option("--host", a.host, "Value of the CONNECT host header (overrides the profile's; default: the URL's host)");
}

void apply_credentials(const CredentialArgs& a, Profile& p) {
  if (a.login) p.login = a.login;
  if (a.passcode) p.passcode = a.passcode;
  else if (const char* env = std::getenv("STOMPSPEC_PASSCODE"); env != nullptr) p.passcode = std::string(env);
  if (a.host) p.host = a.host;
}

}  // namespace stompspec::cli
