#!/usr/bin/env bash
# Stop the ActiveMQ broker started by start.sh (TERM, then KILL after STOP_TIMEOUT). Idempotent.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TARGET=activemq
# shellcheck source=../lib/java-target.sh
. "$HERE/../lib/java-target.sh"
stop_pidfile
