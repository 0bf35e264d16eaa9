#!/usr/bin/env bash
# scripts/overnight.sh end to end, in 20 s instead of a night: one libFuzzer
# target in fork mode beside the live fuzzer on the local RabbitMQ, then one
# summary. Then the verdict on a copy with a planted libFuzzer finding, which
# must turn the exit status to 1.   Usage: overnight_smoke.sh WORKDIR STOMPSPEC
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT=$1/out CLI=$2
fail() { echo "overnight_smoke: FAIL: $*"; exit 1; }

OVERNIGHT_OUT=$OUT OVERNIGHT_BUILD=$1/build TARGETS=fuzz_header_escape JOBS=1 NO_MERGE=1 STOMPSPEC=$CLI \
  LIVE_ARGS="--no-minimize --known *=overnight-smoke-test" "$ROOT/scripts/overnight.sh" 20s
rc=$?
[ "$rc" -eq 0 ] || fail "overnight.sh exited $rc on a clean run"

python3 - "$OUT/summary.json" <<'PY' || fail "summary.json does not show the run (above)"
import json, sys
s = json.load(open(sys.argv[1]))
t = s["libfuzzer"]
assert [x["target"] for x in t] == ["fuzz_header_escape"], t
assert t[0].get("execs", 0) > 0 and t[0]["findings"] == [], t[0]
assert s["live_skipped"] is None, s["live_skipped"]
assert sorted(r["run"] for r in s["live"]) == ["live-tcp", "live-ws"], s["live"]
for r in s["live"]:
    assert "error" not in r and r["sessions"] > 0 and r["stopped"] == "duration", r
print("overnight_smoke: summary ok:", t[0]["execs"], "execs;",
      ", ".join(f"{r['run']} {r['sessions']} sessions" for r in s["live"]))
PY

planted=$(mktemp -d); trap 'rm -rf "$planted"' EXIT
cp -r "$OUT/." "$planted/"
echo "planted" > "$planted/fuzz_header_escape/artifacts/crash-0000"
out=$(python3 "$ROOT/fuzz/overnight_summary.py" summary "$planted"); rc=$?
[ "$rc" -eq 1 ] || fail "a planted crash left the exit status at $rc"
[[ "$out" == *"Verdict: fuzz_header_escape: 1 finding(s)"* ]] || fail "no verdict line for the planted crash"
echo "overnight_smoke: OK"
