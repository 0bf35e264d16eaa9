#!/usr/bin/env bash
# spring-relay runs the jar of targets/spring-simple (Spring profile "relay"): build
# that, and install RabbitMQ (the relay's broker) if it is missing. Idempotent.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TARGET=spring-relay/install "$HERE/../spring-simple/install.sh"
if ! dpkg-query -W -f='${Status}' rabbitmq-server 2>/dev/null | grep -q 'install ok installed'; then
    "$HERE/../rabbitmq/install.sh"
fi
