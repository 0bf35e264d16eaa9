#!/usr/bin/env bash
# Start the Spring greeting app with the simple broker on 127.0.0.1:8081 (building it
# first if needed) and wait until STOMP answers on both WebSocket URLs: the plain
# endpoint ws://127.0.0.1:8081/gs-guide-websocket and the raw WebSocket URL of the
# SockJS endpoint, ws://127.0.0.1:8081/gs-guide-websocket/websocket.
# Idempotent: a running, ready app is left alone.   START_TIMEOUT=120
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TARGET=spring-simple
# shellcheck source=../lib/java-target.sh
. "$HERE/../lib/java-target.sh"
"$HERE/install.sh"
start_jar "ws 8081 /gs-guide-websocket" "ws 8081 /gs-guide-websocket/websocket" -- \
    -Xmx256m -jar "$HERE/target/spring-greeting.jar"
log "WebSocket: ws://127.0.0.1:8081/gs-guide-websocket   SockJS raw WebSocket: ws://127.0.0.1:8081/gs-guide-websocket/websocket"
