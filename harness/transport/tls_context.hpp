#pragma once
// The OpenSSL side of tls:// and wss://: a client context from TlsOptions,
// and the per-connection settings (SNI, host-name verification). Include only
// from transport translation units: it brings in Asio's SSL headers.
#include <memory>
#include <string>

#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream_base.hpp>

#include "transport.hpp"
#include "url.hpp"

namespace stompspec::detail {

namespace ssl = boost::asio::ssl;

// Null, with the reason in *why, when a CA, certificate or key file cannot be used.
std::unique_ptr<ssl::context> make_tls_context(const TlsOptions& o, std::string* why);

// SNI (for a host name, not an address) and verification of the peer's name.
// False, with the reason in *why, if OpenSSL refuses either.
bool prepare_tls_handle(SSL* handle, const Url& url, const TlsOptions& o, std::string* why);

// Why a handshake failed, in words a user can act on ("certificate verify
// failed: self-signed certificate; give --ca FILE or --insecure").
std::string describe_tls_failure(SSL* handle, const boost::system::error_code& ec, const TlsOptions& o);

}  // namespace stompspec::detail
