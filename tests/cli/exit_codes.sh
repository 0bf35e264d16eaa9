#!/usr/bin/env bash
# Exit codes and messages of the stompspec command line.
set -u
bin=$1 data=$2
fails=0 passes=0
check() {  # name, condition
  if eval "$2"; then passes=$((passes + 1)); else echo "FAIL: $1"; fails=$((fails + 1)); fi
}

# A closed port: exit 2 within 5 s, saying the broker cannot be reached.
start=$(date +%s%N)
out=$("$bin" run --target tcp://127.0.0.1:1 2>&1); rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
check "closed port exits 2 (got $rc)" '[ $rc -eq 2 ]'
check "closed port within 5 s (took $ms ms)" '[ $ms -lt 5000 ]'
check "closed port message: $out" '[[ "$out" == *"cannot reach the broker at tcp://127.0.0.1:1"* ]]'

# Case ids right after --target are selectors, not more URLs.
out=$("$bin" run --target tcp://127.0.0.1:1 stomp12/connecting 2>&1); rc=$?
check "selector after --target: still the closed-port exit 2 (got $rc: $out)" '[ $rc -eq 2 ]'
check "selector after --target is not read as a URL: $out" '[[ "$out" == *"cannot reach the broker"* && "$out" != *"bad target"* ]]'

# A bad scenario file: exit 2, naming file, line and field.
out=$("$bin" validate "$data/bad.json" 2>&1); rc=$?
check "validate exits 2 (got $rc)" '[ $rc -eq 2 ]'
check "validate names file:line:field: $out" '[[ "$out" == *"bad.json:8: steps[1].expect.headers.destination.equal: unknown key '"'"'equal'"'"'"* ]]'

# Usage errors: exit 2.
"$bin" run --format pdf --target tcp://127.0.0.1:1 >/dev/null 2>&1; rc=$?
check "unknown format exits 2 (got $rc)" '[ $rc -eq 2 ]'
"$bin" run --target http://x >/dev/null 2>&1; rc=$?
check "bad URL exits 2 (got $rc)" '[ $rc -eq 2 ]'
"$bin" frobnicate >/dev/null 2>&1; rc=$?
check "unknown subcommand exits 2 (got $rc)" '[ $rc -eq 2 ]'
"$bin" run --stomp-version 1.3 --target tcp://127.0.0.1:1 >/dev/null 2>&1; rc=$?
check "unknown STOMP version exits 2 (got $rc)" '[ $rc -eq 2 ]'

# list and coverage answer without a broker.
out=$("$bin" list --json 2>&1); rc=$?
check "list --json exits 0 (got $rc)" '[ $rc -eq 0 ]'
check "list --json is an array of cases" '[[ "$out" == "["* && "$out" == *"\"id\""* ]]'
out=$("$bin" coverage --json 2>/dev/null); rc=$?
check "coverage --json has a requirements array" '[[ "$out" == *"\"requirements\""* && "$out" == *"\"observable\""* ]]'

echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
