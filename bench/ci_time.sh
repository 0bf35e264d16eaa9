#!/usr/bin/env bash
# The CI command (.ci/run = scripts/test.sh) on a fresh clone of HEAD, timed,
# then the unit tier alone (issue 9: test.sh <= 8 minutes on a fresh clone,
# the unit tier <= 90 s after the build). ccache is off (a fresh machine has
# none); packages already installed are skipped by install-deps.sh, so on a
# machine that has them the install part is shorter than on a new one.
#   bench/ci_time.sh                 (CLONE_DIR=/tmp/x to choose the clone's folder)
# Stop RabbitMQ first (targets/rabbitmq/stop.sh) to count its start too.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dir=${CLONE_DIR:-$(mktemp -d /tmp/stompspec-ci-XXXXXX)}
rm -rf "$dir"
git clone -q . "$dir"
cd "$dir"
echo "ci_time: $(git rev-parse --short HEAD) in $dir, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

t0=$SECONDS
rc=0
CCACHE_DISABLE=1 bash .ci/run > ci.log 2>&1 || rc=$?
total=$((SECONDS - t0))
build=$(awk 'NR > 1 && $2 > m { m = $2 } END { printf "%d", m / 1000 }' build/dev/.ninja_log 2>/dev/null || echo 0)
ctest_s=$(sed -n 's/^Total Test time (real) = *\([0-9.]*\) sec/\1/p' ci.log | tail -n 1)
ctest_whole=${ctest_s%.*}  # empty when ctest never ran (the build failed)
echo "$(grep -E 'tests passed|tests failed' ci.log | tail -n 1)"
echo ".ci/run: exit $rc, ${total} s in all: build ${build} s (ninja), ctest ${ctest_s:-?} s, the rest (install, configure, RabbitMQ) $((total - build - ${ctest_whole:-0})) s"

t1=$SECONDS
ctest --preset unit > unit.log 2>&1 || rc=$?
echo "unit tier (ctest --preset unit, after the build): $((SECONDS - t1)) s; $(grep -E 'tests passed|tests failed' unit.log | tail -n 1)"
echo "logs: $dir/ci.log $dir/unit.log"
exit "$rc"
