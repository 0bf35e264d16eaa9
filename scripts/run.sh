#!/usr/bin/env bash
# The main job (README): builds stompspec, starts RabbitMQ on loopback, runs
# the whole suite over TCP and WebSocket, and writes the reports to
# reports/rabbitmq/ (index.html, junit.xml, results.json). Extra arguments go
# to `stompspec run` (e.g. a case prefix, --strict). Exit code: stompspec's.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/install-deps.sh
cmake --preset release
cmake --build --preset release
targets/rabbitmq/start.sh

set +e
build/release/stompspec run --profile targets/rabbitmq/profile.json --report reports/rabbitmq "$@"
rc=$?
set -e
echo "run.sh: reports in reports/rabbitmq/ (open reports/rabbitmq/index.html); stompspec exited $rc"
exit $rc
