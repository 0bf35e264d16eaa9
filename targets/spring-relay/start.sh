#!/usr/bin/env bash
# Make sure RabbitMQ runs (targets/rabbitmq/start.sh, STOMP on 127.0.0.1:61613), then
# start the Spring greeting app with the STOMP broker relay on 127.0.0.1:8082 and wait
# until STOMP answers on ws://127.0.0.1:8082/gs-guide-websocket and on the SockJS
# endpoint's raw WebSocket URL ws://127.0.0.1:8082/gs-guide-websocket/websocket.
# Idempotent: a running, ready app is left alone.   START_TIMEOUT=120
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TARGET=spring-relay
# shellcheck source=../lib/java-target.sh
. "$HERE/../lib/java-target.sh"
"$HERE/install.sh"
"$HERE/../rabbitmq/start.sh"
start_jar "ws 8082 /gs-guide-websocket" "ws 8082 /gs-guide-websocket/websocket" -- \
    -Xmx256m -jar "$HERE/../spring-simple/target/spring-greeting.jar" --spring.profiles.active=relay
log "WebSocket: ws://127.0.0.1:8082/gs-guide-websocket   SockJS raw WebSocket: ws://127.0.0.1:8082/gs-guide-websocket/websocket   (relay to 127.0.0.1:61613)"
