#!/usr/bin/env bash
# Installs the build and test toolchain from Debian's packages. Idempotent:
# packages already present are skipped, so a warm machine pays ~1 s.
set -euo pipefail

packages=(
  build-essential g++ cmake ninja-build ccache pkg-config
  clang-14 libclang-rt-14-dev llvm-14
  libboost1.81-dev nlohmann-json3-dev libgtest-dev libgmock-dev googletest
  libcli11-dev libfmt-dev libssl-dev openssl
  python3 python3-jsonschema
  zip unzip
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
else
  echo "install-deps: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "install-deps: done"
fi

# The browser checks' Chromium and browser/node_modules (tests/browser).
"$(dirname "$0")/install-browser.sh"
