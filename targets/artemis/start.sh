#!/usr/bin/env bash
# Start the embedded Artemis broker (building it first if needed): one acceptor on
# 127.0.0.1:61633 serving STOMP over TCP (tcp://127.0.0.1:61633) and over WebSocket
# (ws://127.0.0.1:61633/); wait until both answer a CONNECT. Its (non-persistent)
# data directory is wiped on every cold start.
# Idempotent: a running, ready broker is left alone.   START_TIMEOUT=120
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TARGET=artemis
# shellcheck source=../lib/java-target.sh
. "$HERE/../lib/java-target.sh"
"$HERE/install.sh"
running_pid >/dev/null || rm -rf "$(state_dir)/data"
start_jar "stomp 61633" "ws 61633 /" -- -Xmx256m -jar "$HERE/target/artemis-target.jar" 61633 "$(state_dir)/data"
log "STOMP: tcp://127.0.0.1:61633   WebSocket: ws://127.0.0.1:61633/ (same acceptor)"
