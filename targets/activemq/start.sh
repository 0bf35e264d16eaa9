#!/usr/bin/env bash
# Start the embedded ActiveMQ Classic broker (building it first if needed) with STOMP on
# tcp://127.0.0.1:61623 and ws://127.0.0.1:61624/, and wait until both answer a CONNECT.
# Idempotent: a running, ready broker is left alone.   START_TIMEOUT=120
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TARGET=activemq
# shellcheck source=../lib/java-target.sh
. "$HERE/../lib/java-target.sh"
"$HERE/install.sh"
start_jar "stomp 61623" "ws 61624 /" -- -Xmx256m -jar "$HERE/target/activemq-target.jar" 61623 61624
log "STOMP: tcp://127.0.0.1:61623   WebSocket: ws://127.0.0.1:61624/"
