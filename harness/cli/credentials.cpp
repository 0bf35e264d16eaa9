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
  cmd.add_option("--ca", a.ca, "tls:// and wss://: PEM file of the CA that signed the broker's certificate (default: the system's roots)")
      ->check(CLI::ExistingFile);
  cmd.add_option("--cert", a.cert, "tls:// and wss://: PEM client certificate, for a broker that asks for one")
      ->check(CLI::ExistingFile);
  cmd.add_option("--key", a.key, "tls:// and wss://: PEM key of --cert")->check(CLI::ExistingFile);
  cmd.add_option("--tls-server-name", a.tls_server_name,
                 "tls:// and wss://: the name the broker's certificate must carry, sent as SNI (default: the URL's host)");
  cmd.add_flag("--insecure", a.insecure, "tls:// and wss://: do not verify the broker's certificate");
}

void apply_credentials(const CredentialArgs& a, Profile& p) {
  if (a.login) p.login = a.login;
  if (a.passcode) p.passcode = a.passcode;
  else if (const char* env = std::getenv("STOMPSPEC_PASSCODE"); env != nullptr) p.passcode = std::string(env);
  if (a.host) p.host = a.host;
  if (a.ca) p.tls.ca_file = *a.ca;
  if (a.cert) p.tls.cert_file = *a.cert;
  if (a.key) p.tls.key_file = *a.key;
  if (a.tls_server_name) p.tls.server_name = *a.tls_server_name;
  if (a.insecure) p.tls.insecure = true;
}

}  // namespace stompspec::cli
