#!/usr/bin/env bash
# The test command (README, .ci/run): installs what is missing, builds with
# warnings as errors, starts RabbitMQ on loopback, and runs the unit and broker
# tiers: unit, fake-broker, fuzz-corpus replay, CLI, the suite against RabbitMQ
# (TCP, WebSocket, TLS) and Spring's simple broker, and smoke selections against
# Spring's broker relay, ActiveMQ and Artemis (their CTest fixtures start them).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
t0=$SECONDS

scripts/install-deps.sh
cmake --preset dev
cmake --build --preset dev

# Stop the broker afterwards only if this script started it.
started=""
if ! python3 targets/rabbitmq/probe.py stomp 127.0.0.1 61613 --timeout 2 -q 2>/dev/null; then
  started=yes
fi
targets/rabbitmq/start.sh
if [ -n "$started" ]; then trap 'targets/rabbitmq/stop.sh >/dev/null 2>&1 || true' EXIT; fi

# The unit and broker tiers (CMakePresets.json); the nightly tier (the
# ClusterFuzzLite build, the overnight smoke) runs with `ctest --preset nightly`.
# Four at a time on two cores: most tests wait on sockets, brokers and JVMs
# (ctest used ~0.7 of a core at -j2); -j4 took 172 s where -j2 took 277 s.
ctest --preset dev -j4 -LE nightly
echo "test.sh: all tests passed in $((SECONDS - t0)) s"
