#!/usr/bin/env bash
# Build the embedded ActiveMQ Artemis 2.55.0 broker into target/artemis-target.jar
# (dependencies in target/lib/); installs Java 17 and Maven with apt-get if missing.
# Idempotent: skips the build when the jar is newer than pom.xml and src/.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TARGET=artemis/install
# shellcheck source=../lib/java-target.sh
. "$HERE/../lib/java-target.sh"
build_if_stale "$HERE" "$HERE/target/artemis-target.jar"
