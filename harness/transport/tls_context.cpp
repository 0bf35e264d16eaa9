#include "tls_context.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/verify_context.hpp>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

namespace stompspec::detail {

std::unique_ptr<ssl::context> make_tls_context(const TlsOptions& o, std::string* why) {
  auto ctx = std::make_unique<ssl::context>(ssl::context::tls_client);
  boost::system::error_code ec;
  auto failed = [&](const std::string& what, const std::string& file) {
    *why = what + " '" + file + "': " + ec.message();
    return nullptr;
  };
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3, ec);
  if (o.insecure) {
    ctx->set_verify_mode(ssl::verify_none, ec);
  } else {
    ctx->set_verify_mode(ssl::verify_peer, ec);
    if (o.ca_file.empty()) ctx->set_default_verify_paths(ec);
    else if (ctx->load_verify_file(o.ca_file, ec); ec) return failed("cannot use the CA file", o.ca_file);
  }
  if (!o.cert_file.empty() && (ctx->use_certificate_chain_file(o.cert_file, ec), ec))
    return failed("cannot use the client certificate", o.cert_file);
  if (!o.key_file.empty() && (ctx->use_private_key_file(o.key_file, ssl::context::pem, ec), ec))
    return failed("cannot use the client key", o.key_file);
  return ctx;
}

bool prepare_tls_handle(SSL* handle, const Url& url, const TlsOptions& o, std::string* why) {
  const std::string name = o.server_name.empty() ? url.host : o.server_name;
  boost::system::error_code ec;
  boost::asio::ip::make_address(name, ec);
  const bool is_address = !ec;
  // RFC 6066 3: SNI carries host names only, never literal addresses.
  // SSL_set_tlsext_host_name, without the macro's C cast.
  if (!is_address && SSL_ctrl(handle, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                              const_cast<char*>(name.c_str())) != 1) {
    *why = "cannot set the TLS server name '" + name + "'";
    return false;
  }
  if (o.insecure) return true;
  X509_VERIFY_PARAM* param = SSL_get0_param(handle);
  X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
  const int set = is_address ? X509_VERIFY_PARAM_set1_ip_asc(param, name.c_str())
                             : X509_VERIFY_PARAM_set1_host(param, name.c_str(), name.size());
  if (set != 1) {
    *why = "cannot verify the TLS peer name '" + name + "'";
    return false;
  }
  return true;
}

std::string describe_tls_failure(SSL* handle, const boost::system::error_code& ec, const TlsOptions& o) {
  std::string s = "TLS handshake failed: " + ec.message();
  const long verify = SSL_get_verify_result(handle);
  if (!o.insecure && verify != X509_V_OK) {
    s += std::string(" (certificate: ") + X509_verify_cert_error_string(verify) + ")";
    s += verify == X509_V_ERR_HOSTNAME_MISMATCH || verify == X509_V_ERR_IP_ADDRESS_MISMATCH
             ? "; the certificate does not name this host (connect by the name it has, or give --tls-server-name)"
             : "; give the CA that signed it with --ca FILE, or --insecure to skip verification";
  }
  return s;
}

}  // namespace stompspec::detail
