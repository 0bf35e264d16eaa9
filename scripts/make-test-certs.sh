#!/usr/bin/env bash
# Makes a throwaway CA and certificates for TLS tests and local brokers:
#   ca.pem / ca.key            the CA
#   server.pem / server.key    signed by the CA, for localhost and 127.0.0.1 (and ::1)
#   other.pem / other.key      signed by the CA, for other.example only (a wrong host)
#   self.pem / self.key        self-signed, for localhost (no CA vouches for it)
#   client.pem / client.key    signed by the CA, a client certificate
# Usage: scripts/make-test-certs.sh DIR   (idempotent: keeps a complete set)
set -euo pipefail
dir=${1:?usage: make-test-certs.sh DIR}
mkdir -p "$dir"
cd "$dir"
[ -s client.key ] && [ -s self.pem ] && [ -s other.pem ] && [ -s server.pem ] && exit 0

days=3650
quiet() { "$@" >/dev/null 2>&1 || { echo "make-test-certs: failed: $*" >&2; "$@"; exit 1; }; }

quiet openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days $days \
  -subj "/CN=stompspec test CA" -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"

issue() {  # name subject san [extended key usage]
  local name=$1 subject=$2 san=$3 eku=${4:-serverAuth}
  quiet openssl req -newkey rsa:2048 -nodes -keyout "$name.key" -out "$name.csr" -subj "$subject"
  printf 'subjectAltName=%s\nextendedKeyUsage=%s\nbasicConstraints=CA:FALSE\n' "$san" "$eku" > "$name.ext"
  quiet openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -out "$name.pem" \
    -days $days -extfile "$name.ext"
  rm -f "$name.csr" "$name.ext"
}
issue server "/CN=localhost" "DNS:localhost,IP:127.0.0.1,IP:::1"
issue other "/CN=other.example" "DNS:other.example"
issue client "/CN=stompspec client" "DNS:stompspec-client" clientAuth
quiet openssl req -x509 -newkey rsa:2048 -nodes -keyout self.key -out self.pem -days $days \
  -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1"
chmod 644 ./*.pem ./*.key
echo "make-test-certs: CA and certificates in $dir"
