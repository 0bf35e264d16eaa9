#!/usr/bin/env bash
# The live fuzzer beside boofuzz 0.4.2 on the same broker (issue 9): boofuzz
# with a CONNECT -> SUBSCRIBE -> SEND -> DISCONNECT model (bench/boofuzz_stomp.py,
# checks nothing it receives) for DURATION seconds, then `stompspec fuzz` for
# DURATION seconds, one after the other. Prints a Markdown table: sessions
# (boofuzz: test cases, one connection each), sessions/s, frames/s, the share
# of wall time spent fuzzing, the overrun past DURATION, and the CPU time the
# broker's process used (what bounds both tools on a small machine).
#   bench/live_fuzz_vs_boofuzz.sh              (defaults below)
#   DURATION=120 BIN=build/dev/stompspec SESSIONS=16 SEED=1 HOST=127.0.0.1 PORT=61613
#   PROFILE=targets/rabbitmq/profile.json
# Start the broker first (targets/rabbitmq/start.sh; it is shared: this never
# stops it). boofuzz goes into a venv under build/ (pip, from PyPI).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
duration=${DURATION:-120}
bin=${BIN:-build/dev/stompspec}
sessions=${SESSIONS:-16}
seed=${SEED:-1}
host=${HOST:-127.0.0.1}
port=${PORT:-61613}
profile=${PROFILE:-targets/rabbitmq/profile.json}
venv=build/boofuzz-venv
out=build/bench-live-fuzz
mkdir -p "$out"

case "$host" in 127.*|localhost) ;; *) echo "loopback only: $host" >&2; exit 2 ;; esac
[ -x "$bin" ] || { echo "no $bin: build it first (cmake --build --preset dev --target stompspec)" >&2; exit 2; }
if ! "$venv/bin/python" -c 'import boofuzz' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q 'boofuzz==0.4.2'
fi
version=$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("boofuzz"))')
[ "$version" = 0.4.2 ] || { echo "boofuzz in $venv is $version, not 0.4.2" >&2; exit 2; }

beam=$(pgrep -u rabbitmq -x beam.smp | head -1 || true)
# RabbitMQ at its configured `info` writes a crash report with the
# connection's buffers for most fuzzing sessions (~6 MB/s, about half of its
# CPU per session): both tools run with LOG_LEVEL (default critical), and the
# level goes back to info afterwards. LOG_LEVEL=info measures with the logging.
log_level=${LOG_LEVEL:-critical}
if [ -n "$beam" ] && command -v rabbitmqctl >/dev/null; then
  rabbitmqctl -q set_log_level "$log_level" >/dev/null
  trap 'rabbitmqctl -q set_log_level info >/dev/null 2>&1 || true' EXIT
  echo "RabbitMQ log level: $log_level for both runs" >&2
fi
cpu_ticks() { if [ -n "$beam" ]; then awk '{print $14 + $15}' "/proc/$beam/stat"; else echo 0; fi; }
hz=$(getconf CLK_TCK)

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
t0=$(cpu_ticks)
(cd build && boofuzz-venv/bin/python ../bench/boofuzz_stomp.py "$host" "$port" "$duration") >"$out/boofuzz.json"
boo_cpu=$(( $(cpu_ticks) - t0 ))

echo "load between: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
# Right after boofuzz the broker may still be busy with what it was sent
# (a CONNECT took over 2 s to answer, twice): wait until it answers again.
for i in $(seq 60); do
  python3 targets/rabbitmq/probe.py stomp "$host" "$port" --timeout 2 -q 2>/dev/null && break
  sleep 1
done
echo "broker answering again after ${i} s" >&2
rm -rf "$out/stompspec"
t0=$(cpu_ticks)
start=$(date +%s.%N)
"$bin" fuzz --target "tcp://$host:$port" --profile "$profile" --duration "${duration}s" --seed "$seed" \
  --sessions "$sessions" -q --findings "$out/stompspec" >"$out/stompspec.txt" 2>"$out/stompspec.err" || true
wall=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN{printf "%.2f", b-a}')
ss_cpu=$(( $(cpu_ticks) - t0 ))
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

[ -s "$out/stompspec/summary.json" ] || { cat "$out/stompspec.txt" "$out/stompspec.err" >&2; exit 1; }
python3 - "$out/boofuzz.json" "$out/stompspec/summary.json" "$duration" "$wall" "$boo_cpu" "$ss_cpu" "$hz" <<'PY'
import json, sys
b = json.load(open(sys.argv[1])); s = json.load(open(sys.argv[2]))
duration, wall, boo_cpu, ss_cpu, hz = float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7])
t = s["time"]
rows = [
    ("boofuzz 0.4.2", b["test_cases"], b["test_cases_per_s"], b["frames_per_s"], "100% (no checks, no minimising)",
     max(0.0, b["wall_s"] - duration), boo_cpu / hz, b["test_cases"]),
    (f"stompspec fuzz --sessions {s['sessions_at_once']}", s["sessions"], s["sessions_per_s"], s["frames_per_s"],
     f"{100 * t['fuzzing_share']:.0f}% (minimising {100 * t['minimizing_share']:.0f}%, recovering "
     f"{100 * t['recovering_share']:.0f}%, idle {100 * t['idle_share']:.0f}%)",
     max(0.0, wall - duration), ss_cpu / hz, s["sessions"]),
]
print("| tool | sessions | sessions/s | frames/s | wall time fuzzing | overrun (s) | broker CPU (s) | broker CPU per session (ms) |")
print("|---|---|---|---|---|---|---|---|")
for name, n, sps, fps, share, over, cpu, count in rows:
    per = 1000 * cpu / count if count else 0
    print(f"| {name} | {n} | {sps:.1f} | {fps:.1f} | {share} | {over:.2f} | {cpu:.1f} | {per:.1f} |")
ratio = s["sessions_per_s"] / b["test_cases_per_s"] if b["test_cases_per_s"] else float("inf")
print(f"\nsessions/s ratio stompspec/boofuzz: {ratio:.2f} (goal >= 5); "
      f"frames/s ratio: {s['frames_per_s'] / b['frames_per_s']:.2f}; stopped: {s['stopped']}; "
      f"signatures {s['signatures']}, not reproduced alone {s['not_reproduced_alone']}, cut sessions {s['cut_sessions']}")
PY
