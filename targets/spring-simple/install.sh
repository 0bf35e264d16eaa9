#!/usr/bin/env bash
# Build the Spring greeting app (targets spring-simple and spring-relay) into
# target/spring-greeting.jar with Maven; installs Java 17 and Maven with apt-get if
# missing. Idempotent: skips the build when the jar is newer than pom.xml and src/.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TARGET=${TARGET:-spring-simple/install}
# shellcheck source=../lib/java-target.sh
. "$HERE/../lib/java-target.sh"
build_if_stale "$HERE" "$HERE/target/spring-greeting.jar"
