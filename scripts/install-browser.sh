#!/usr/bin/env bash
# Installs what the browser checks need, idempotently: Debian's Chromium
# (apt; no browser download) and browser/node_modules from package-lock.json
# (@stomp/stompjs, sockjs-client, playwright-core). A warm machine pays ~1 s.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
missing=()
for p in chromium nodejs npm; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]} > 0)); then
  echo "install-browser: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# node_modules is current when npm's own copy of the lock matches ours.
cd "$root/browser"
if ! cmp -s package-lock.json node_modules/.package-lock.json 2>/dev/null \
   && ! [ -f node_modules/.stompspec-lock ] || ! cmp -s package-lock.json node_modules/.stompspec-lock; then
  echo "install-browser: npm ci"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.stompspec-lock
fi
echo "install-browser: chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}'), node_modules ok"
