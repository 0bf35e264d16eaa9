#!/usr/bin/env bash
# An unattended fuzzing run: every libFuzzer target in fork mode on all cores,
# and at the same time the live fuzzer against a local RabbitMQ over TCP and
# WebSocket; then what the targets found is merged into corpus/<target>/ and
# ONE summary is written: reports/overnight/summary.md and summary.json.
#
#   scripts/overnight.sh 8h        # also 10m, 90s, 1h30m
#
# The duration is wall clock: the libFuzzer targets share it one after the
# other (each gets D / number of targets, with -fork=$JOBS), while the live
# fuzzer runs for all of D beside them (it waits on the network, not the CPU).
# Building, merging and minimising live findings come on top.
#   JOBS=N          fork jobs per libFuzzer target (default: nproc)
#   TARGETS="a b"   only these libFuzzer targets (default: every fuzz/*.options)
#   STOMPSPEC=path  the CLI for the live fuzzer (default: the first build/*/stompspec that has `fuzz`)
#   NO_LIVE=1       skip the live fuzzer; NO_MERGE=1 leave corpus/ alone
#   LIVE_ARGS="..." more options for `stompspec fuzz`, split at spaces (--no-minimize, --known SIG=REASON-WITHOUT-SPACES)
#   OVERNIGHT_OUT=dir  where the run goes (default reports/overnight; emptied first)
#   OVERNIGHT_BUILD=dir  the clang build folder (default build/fuzz, the fuzz preset's)
# Exit status: 0 clean; 1 when a libFuzzer target found something or did not
# build, or the live fuzzer saw the broker crash or hang (critical/high).
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
OUT=${OVERNIGHT_OUT:-$ROOT/reports/overnight}
FUZZ_BUILD=${OVERNIGHT_BUILD:-$ROOT/build/fuzz}
BUILD=$FUZZ_BUILD/fuzz
JOBS=${JOBS:-$(nproc)}
log() { printf '[overnight] %s\n' "$*"; }

# "8h", "10m", "90s", "1h30m", or plain seconds.
to_seconds() {
  local s=$1 total=0 n
  [[ $s =~ ^[0-9]+$ ]] && { echo "$s"; return; }
  [[ $s =~ ^([0-9]+[hms])+$ ]] || return 1
  while [[ $s =~ ^([0-9]+)([hms])(.*)$ ]]; do
    n=${BASH_REMATCH[1]}
    case ${BASH_REMATCH[2]} in h) n=$((n * 3600)) ;; m) n=$((n * 60)) ;; esac
    total=$((total + n)); s=${BASH_REMATCH[3]}
  done
  echo "$total"
}

[ $# -eq 1 ] || { echo "usage: $0 DURATION   (8h, 10m, 90s)" >&2; exit 2; }
DURATION=$1
TOTAL=$(to_seconds "$DURATION") && [ "$TOTAL" -gt 0 ] || { echo "bad duration: $DURATION" >&2; exit 2; }

TARGETS=${TARGETS:-$(cd fuzz && ls fuzz_*.options | sed 's/\.options$//')}
rm -rf "$OUT"; mkdir -p "$OUT"
echo "{\"duration\": \"$DURATION\", \"seconds\": $TOTAL, \"jobs\": $JOBS, \"started_at\": \"$(date -u +%FT%TZ)\"}" > "$OUT/run.json"

# --- build (a target that does not build is reported, the others still run)
log "building the fuzz preset"
cmake --preset fuzz -B "$FUZZ_BUILD" > "$OUT/configure.log" 2>&1 || { log "configure failed: $OUT/configure.log"; exit 1; }
BUILT=()
for t in $TARGETS; do
  if cmake --build "$FUZZ_BUILD" --target "$t" >> "$OUT/build.log" 2>&1; then BUILT+=("$t")
  else log "$t does not build, skipped (see $OUT/build.log)"; echo "$t" >> "$OUT/build-failed.txt"; fi
done

# --- live fuzzer, in the background for the whole duration
LIVE_PIDS=()
# Its help must name --findings: an old or stub build may accept `fuzz` and do nothing.
has_fuzz() { "$1" fuzz --help 2>&1 | grep -q -- --findings; }
start_live() {
  local cli=${STOMPSPEC:-}
  if [ -z "$cli" ]; then
    for c in build/release/stompspec build/dev/stompspec build/asan/stompspec; do
      [ -x "$c" ] && has_fuzz "$c" && { cli=$c; break; }
    done
  fi
  if [ -z "$cli" ] || ! has_fuzz "$cli"; then
    log "no stompspec with a 'fuzz' command (build one: cmake --build --preset release); live fuzzing skipped"
    echo "no stompspec with a 'fuzz' command" > "$OUT/live-skipped.txt"; return
  fi
  if ! bash targets/rabbitmq/start.sh > "$OUT/rabbitmq-start.log" 2>&1; then
    log "RabbitMQ did not start (see $OUT/rabbitmq-start.log); live fuzzing skipped"
    echo "RabbitMQ did not start" > "$OUT/live-skipped.txt"; return
  fi
  local pid; pid=$(pgrep -u rabbitmq -x beam.smp | head -1)
  # At its configured `info` RabbitMQ logs a crash report with the connection's
  # buffers for most fuzzing sessions: ~6 MB/s, a full disk overnight (and a
  # disk alarm that blocks publishers looks like a hang). Findings replay, and
  # their logs with them; the level goes back to info at the end.
  if rabbitmqctl -q set_log_level critical >/dev/null 2>&1; then
    log "RabbitMQ log level: critical while fuzzing"
    trap 'rabbitmqctl -q set_log_level info >/dev/null 2>&1 || true' EXIT
  fi
  for url in tcp://127.0.0.1:61613 ws://127.0.0.1:15674/ws; do
    local name=live-${url%%:*}
    log "live fuzzer against $url for $DURATION ($cli)"
    # shellcheck disable=SC2086
    "$cli" fuzz --target "$url" --profile targets/rabbitmq/profile.json --duration "${TOTAL}s" \
      --findings "$OUT/$name" ${pid:+--pid "$pid"} -q ${LIVE_ARGS:-} > "$OUT/$name.log" 2>&1 &
    LIVE_PIDS+=($!)
  done
}
[ -n "${NO_LIVE:-}" ] && echo "NO_LIVE set" > "$OUT/live-skipped.txt" || start_live

# --- libFuzzer targets, one after the other, each on all cores
if [ ${#BUILT[@]} -gt 0 ]; then
  PER=$((TOTAL / ${#BUILT[@]})); [ "$PER" -ge 10 ] || PER=10
  for t in "${BUILT[@]}"; do
    mkdir -p "$OUT/$t/corpus" "$OUT/$t/artifacts"
    cp -r corpus/"$t"/. "$OUT/$t/corpus/"   # a scratch copy: libFuzzer writes into the first folder
    maxlen=$(sed -n 's/^max_len *= *//p' fuzz/"$t".options)
    lenctl=$(sed -n 's/^len_control *= *//p' fuzz/"$t".options)
    log "$t: ${PER}s, -fork=$JOBS"
    # -ignore_*: in fork mode, keep fuzzing after a finding; each is saved under artifacts/.
    (cd "$OUT/$t" && "$BUILD/$t" -fork="$JOBS" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
        -max_total_time="$PER" -dict="$ROOT/fuzz/$t.dict" ${maxlen:+-max_len=$maxlen} ${lenctl:+-len_control=$lenctl} \
        -artifact_prefix="$OUT/$t/artifacts/" corpus > "$OUT/$t/fuzz.log" 2>&1)
    echo "$(ls "$OUT/$t/corpus" | wc -l)" > "$OUT/$t/corpus-size-before-merge.txt"
  done
fi

log "waiting for the live fuzzer (it minimises its findings after fuzzing)"
for p in "${LIVE_PIDS[@]}"; do wait "$p"; done

# --- merge: add to corpus/<target>/ only inputs with coverage it lacks. -merge=1
# into a copy of it (merging into an empty folder would re-pick the whole
# set, preferring smaller new inputs to the named seeds); existing files stay.
for t in "${BUILT[@]}"; do
  [ -n "${NO_MERGE:-}" ] && break
  tmp=$(mktemp -d)
  cp -r "corpus/$t/." "$tmp/"
  "$BUILD/$t" -merge=1 "$tmp" "$OUT/$t/corpus" > "$OUT/$t/merge.log" 2>&1
  python3 fuzz/overnight_summary.py new-files "corpus/$t" "$tmp" > "$OUT/$t/new-files.txt"
  while read -r f; do cp "$tmp/$f" "corpus/$t/overnight-$f"; done < "$OUT/$t/new-files.txt"
  rm -rf "$tmp"
done

python3 fuzz/overnight_summary.py summary "$OUT"; rc=$?
log "summary: $OUT/summary.md"
exit $rc
