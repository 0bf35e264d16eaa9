#!/usr/bin/env bash
# The whole suite against a local broker at --jobs 1 and at higher --jobs,
# RUNS times each: wall time per run, and whether every instance got the same
# verdict in every run (the parallel runner must change speed, never results).
#   bench/suite_jobs.sh [BINARY] [PROFILE] [JOBS...]     (defaults: build/release/stompspec,
#   targets/rabbitmq/profile.json, 1 16; RUNS=3; TARGETS="tcp://127.0.0.1:61613 ws://127.0.0.1:15674/ws")
# Start the broker first (targets/rabbitmq/start.sh). Prints a Markdown table.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bin=${1:-build/release/stompspec}; profile=${2:-targets/rabbitmq/profile.json}; shift $(( $# > 2 ? 2 : $# ))
jobs=("$@"); [ ${#jobs[@]} -gt 0 ] || jobs=(1 16)
runs=${RUNS:-3}
targets=${TARGETS:-"tcp://127.0.0.1:61613 ws://127.0.0.1:15674/ws"}
out=$(mktemp -d)
args=(); for t in $targets; do args+=(--target "$t"); done
echo "| --jobs | run | wall (s) | instances | pass | fail | xfail | info | skip | error |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for j in "${jobs[@]}"; do
  for r in $(seq "$runs"); do
    start=$(date +%s.%N)
    "$bin" run "${args[@]}" --profile "$profile" --jobs "$j" --format json --report "$out/j$j-r$r" >/dev/null 2>&1 || true
    wall=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')
    python3 - "$out/j$j-r$r/results.json" "$j" "$r" "$wall" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["summary"]
print(f"| {sys.argv[2]} | {sys.argv[3]} | {sys.argv[4]} | {s['total']} | {s['pass']} | {s['fail']} | {s['xfail']} | {s['info']} | {s['skip']} | {s['error']} |")
PY
  done
done
python3 - "$out" <<'PY'
import json, sys, glob, collections
seen = collections.defaultdict(set)
for f in glob.glob(f"{sys.argv[1]}/*/results.json"):
    for c in json.load(open(f))["cases"]:
        seen[(c["instance"], c["transport"])].add(c["status"])
differ = {k: v for k, v in seen.items() if len(v) > 1}
print(f"\n{len(seen)} instances; {len(differ)} with more than one verdict across all runs:")
for (inst, tr), v in sorted(differ.items()):
    print(f"- {inst} ({tr}): {', '.join(sorted(v))}")
PY
rm -rf "$out"
