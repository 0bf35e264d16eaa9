#!/usr/bin/env bash
# The main job (README): builds stompspec, starts RabbitMQ on loopback, runs
# the whole suite over TCP and WebSocket, and writes the reports to
# reports/rabbitmq/ (index.html, junit.xml, results.json). Extra arguments go
# to `stompspec run` (e.g. a case prefix, --strict). Exit code: stompspec's.
#
#   scripts/run.sh [TARGET...] [--] [stompspec run arguments]
#
# TARGET is a folder of targets/ with a profile.json (rabbitmq, spring-simple,
# spring-relay, activemq, artemis), or `all` for every one of them; the default is
# rabbitmq. For each target: its start.sh (which builds and installs what it needs),
# the whole suite with its profile over every URL of the profile, reports in
# reports/<target>/, then its stop.sh if this script started it. RabbitMQ is left
# running, as it always was (spring-relay needs it too). A target may add a
# run.conf (sourced): APP_SCENARIOS, a folder of its own scenarios run with the
# suite, and APP_URLS, more URLs those scenarios also run against (reports in
# reports/<target>/app-<n>/). Arguments that are not target names, and everything
# after `--`, go to `stompspec run`. With several targets the exit code is the
# worst one (2 over 1 over 0).
#   STOMPSPEC=path  use this stompspec binary instead of building one
#   KEEP=1          leave every target running
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

all_targets() { for p in targets/*/profile.json; do basename "$(dirname "$p")"; done; }
targets=()
while [ "$#" -gt 0 ]; do
  if [ "$1" = -- ]; then shift; break; fi
  if [ "$1" = all ]; then mapfile -t -O "${#targets[@]}" targets < <(all_targets); shift; continue; fi
  if [ -n "$1" ] && [ -f "targets/$1/profile.json" ]; then targets+=("$1"); shift; continue; fi
  break
done

if [ "${#targets[@]}" -eq 0 ] && [ -z "${STOMPSPEC:-}" ]; then
  # the default job, unchanged: scripts/run.sh [stompspec run arguments]
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
fi
[ "${#targets[@]}" -gt 0 ] || targets=(rabbitmq)

bin=${STOMPSPEC:-build/release/stompspec}
if [ -z "${STOMPSPEC:-}" ]; then
  scripts/install-deps.sh
  cmake --preset release
  cmake --build --preset release
fi
[ -x "$bin" ] || { echo "run.sh: no stompspec binary at $bin" >&2; exit 2; }

# Is every URL of the profile answering a STOMP CONNECT already?
answering() { python3 targets/lib/answering.py "targets/$1/profile.json"; }

worst=0
summary=()
note() { # keep the worst exit code: 2 (or anything else) over 1 over 0
  local r=$1
  if [ "$r" -gt 2 ]; then r=2; fi
  if [ "$r" -gt "$worst" ]; then worst=$r; fi
  return 0
}
for t in "${targets[@]}"; do
  echo "run.sh: === $t ==="
  started=0
  if [ "$t" != rabbitmq ] && ! answering "$t"; then started=1; fi
  if ! "targets/$t/start.sh"; then
    echo "run.sh: $t did not start" >&2
    summary+=("$t: did not start")
    note 2
    continue
  fi
  APP_SCENARIOS='' APP_URLS=''
  # shellcheck disable=SC1090
  [ -f "targets/$t/run.conf" ] && . "targets/$t/run.conf"
  # this checkout's suite (and the target's own scenarios), unless the arguments name files
  suite=(--scenarios scenarios)
  if [ -n "$APP_SCENARIOS" ]; then suite+=(scenarios "$APP_SCENARIOS"); fi
  for a in "$@"; do if [ -e "$a" ]; then suite=(); fi; done
  t0=$SECONDS
  set +e
  "$bin" run --profile "targets/$t/profile.json" --report "reports/$t" "${suite[@]}" "$@"
  rc=$?
  set -e
  note "$rc"
  summary+=("$t: stompspec exited $rc after $((SECONDS - t0)) s, reports in reports/$t/")
  n=0
  for url in $APP_URLS; do
    n=$((n + 1))
    echo "run.sh: $t: $APP_SCENARIOS over $url"
    set +e
    "$bin" run --profile "targets/$t/profile.json" --target "$url" --report "reports/$t/app-$n" "$APP_SCENARIOS"
    rc=$?
    set -e
    note "$rc"
    summary+=("$t: $APP_SCENARIOS over $url: stompspec exited $rc, reports in reports/$t/app-$n/")
  done
  if [ "$started" -eq 1 ] && [ "${KEEP:-0}" != 1 ]; then
    "targets/$t/stop.sh" || true
  fi
done
for line in "${summary[@]}"; do echo "run.sh: $line"; done
exit "$worst"
