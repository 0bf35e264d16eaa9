#!/usr/bin/env bash
# Runs a browser check that is meant to catch something, and passes only if
# it exits 1 and results.json gives each listed case the listed status.
#   expect_statuses.sh RESULTS_JSON ID=STATUS... -- COMMAND...
set -u
results=$1; shift
want=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do want+=("$1"); shift; done
shift
rm -f "$results"
"$@"; rc=$?
[ $rc -eq 1 ] || { echo "FAIL: expected exit 1 (a case failed), got $rc"; exit 1; }
python3 - "$results" "${want[@]}" <<'PY' || exit 1
import json, sys
cases = {c["id"]: c["status"] for c in json.load(open(sys.argv[1]))["cases"]}
bad = [f"{i}: want {s}, got {cases.get(i)}" for i, s in (w.split("=", 1) for w in sys.argv[2:]) if cases.get(i) != s]
print("\n".join(f"FAIL: {b}" for b in bad) or "expect_statuses: ok, the check caught it")
sys.exit(1 if bad else 0)
PY
