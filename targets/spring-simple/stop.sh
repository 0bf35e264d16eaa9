#!/usr/bin/env bash
# Stop the spring-simple app started by start.sh (TERM, then KILL after STOP_TIMEOUT). Idempotent.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TARGET=spring-simple
# shellcheck source=../lib/java-target.sh
. "$HERE/../lib/java-target.sh"
stop_pidfile
