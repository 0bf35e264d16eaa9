#!/usr/bin/env bash
# Build the embedded ActiveMQ Classic 6.1.8 broker into target/activemq-target.jar
# (dependencies in target/lib/); installs Java 17 and Maven with apt-get if missing.
# Idempotent: skips the build when the jar is newer than pom.xml and src/.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TARGET=activemq/install
# shellcheck source=../lib/java-target.sh
. "$HERE/../lib/java-target.sh"
build_if_stale "$HERE" "$HERE/target/activemq-target.jar"
