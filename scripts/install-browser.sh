#!/usr/bin/env bash
# Installs what the browser checks need, idempotently: Debian's Chromium
# (apt; no browser download) and browser/node_modules from package-lock.json
# (@stomp/stompjs, sockjs-client, playwright-core). A warm machine pays ~1 s.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
missing=()
if ! dpkg-query -W -f='${Status}' chromium 2>/dev/null | grep -q "install ok installed"; then
  missing+=(chromium)
fi
# Node may come from Debian (nodejs + npm) or elsewhere (NodeSource's nodejs has npm).
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if ((${#missing[@]} > 0)); then
  echo "install-browser: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# node_modules is current when it was installed from this very lock file.
cd "$root/browser"
if ! cmp -s package-lock.json node_modules/.stompspec-lock 2>/dev/null; then
  echo "install-browser: npm ci (browser/package-lock.json)"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.stompspec-lock
fi
echo "install-browser: chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}'), node_modules ok"
