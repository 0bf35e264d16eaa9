#!/usr/bin/env bash
# Stop the spring-relay app started by start.sh. RabbitMQ is left running (stop it with
# targets/rabbitmq/stop.sh). Idempotent.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TARGET=spring-relay
# shellcheck source=../lib/java-target.sh
. "$HERE/../lib/java-target.sh"
stop_pidfile
