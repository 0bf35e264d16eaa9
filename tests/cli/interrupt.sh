#!/usr/bin/env bash
# An interrupted run loses nothing: SIGINT (or SIGTERM) at a random moment
# gives exit 130 (143), and every report file parses, is marked interrupted
# and holds the finished cases; a second SIGINT exits at once; after kill -9,
# `stompspec report results.jsonl` rebuilds the reports from the stream.
set -u
bin=$1 fake=$2
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
start_fake

# Every report file parses and agrees: interrupted, the same cases in each.
reports_ok() {  # dir, expected "interrupted" value
  python3 - "$1" "$2" <<'PY'
import json, sys, xml.etree.ElementTree as ET
d, want = sys.argv[1], sys.argv[2] == "true"
r = json.load(open(f"{d}/results.json"))
assert r["interrupted"] is want, r["interrupted"]
n = len(r["cases"])
lines = [json.loads(l) for l in open(f"{d}/results.jsonl") if l.strip()]
assert "run" in lines[0]
assert sum("case" in l for l in lines) == n, (n, len(lines))
props = {p.get("name"): p.get("value") for p in ET.parse(f"{d}/junit.xml").iter("property")}
assert props["interrupted"] == ("true" if want else "false"), props
assert sum(int(s.get("tests")) for s in ET.parse(f"{d}/junit.xml").iter("testsuite")) == n
html = open(f"{d}/index.html").read()
assert ("INTERRUPTED" in html) == want
print(n)
PY
}

for sig in INT TERM; do
  # --jobs 1 and slow cases, so the signal lands mid-run.
  "$bin" run --jobs 1 --target "$tcp" --report "$tmp/$sig" stomp12/heart-beating stomp12/send > "$tmp/$sig.out" 2>&1 &
  pid=$!
  sleep "$(awk -v r=$RANDOM 'BEGIN{printf "%.1f", 1.5 + (r % 20) / 10}')"
  kill -s "$sig" "$pid"
  start=$(date +%s)
  wait "$pid"; rc=$?
  want=$([ "$sig" = INT ] && echo 130 || echo 143)
  check "SIG$sig exits $want (got $rc)" '[ $rc -eq $want ]'
  check "SIG$sig: it ends within the running case's deadline ($(( $(date +%s) - start )) s)" '[ $(( $(date +%s) - start )) -lt 15 ]'
  n=$(reports_ok "$tmp/$sig" true); rc=$?
  check "SIG$sig: every report parses, is marked interrupted and holds the same cases (got $rc, $n cases)" '[ $rc -eq 0 ] && [ "$n" -gt 0 ]'
  check "SIG$sig: no temporary file is left" '! ls "$tmp/$sig" | grep -q "\.tmp$"'
  check "SIG$sig: the console says so" 'grep -q "INTERRUPTED" "$tmp/$sig.out"'
done

# A second SIGINT exits at once, and the stream keeps what was finished.
# When the first lands near the end of a case, the run may finish that case
# and end by itself before the second comes (seen under ctest -j4): then the
# second found nothing to interrupt, and the attempt is made again.
running() { local st; st=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null); [ -n "$st" ] && [ "$st" != Z ]; }
for attempt in 1 2 3 4 5; do
  rm -rf "$tmp/twice"
  "$bin" run --jobs 1 --target "$tcp" --report "$tmp/twice" stomp12/heart-beating stomp12/send > "$tmp/twice.out" 2>&1 &
  pid=$!
  sleep 2; kill -INT "$pid"; sleep 0.05
  second=""
  if running "$pid"; then kill -INT "$pid" && second=yes; fi
  wait "$pid"; rc=$?
  [ -n "$second" ] && break
done
check "the second SIGINT reached a running stompspec (attempt $attempt of 5)" '[ -n "$second" ]'
check "a second SIGINT exits 130 at once (got $rc)" '[ $rc -eq 130 ]'
check "it says so" 'grep -q "interrupted again" "$tmp/twice.out"'

# kill -9: no report but the stream; stompspec report rebuilds them.
"$bin" run --jobs 1 --target "$tcp" --report "$tmp/killed" stomp12/heart-beating stomp12/send > /dev/null 2>&1 &
pid=$!
sleep 2.5; kill -9 "$pid"; wait "$pid" 2>/dev/null
check "after kill -9 there is a stream and no results.json" '[ -s "$tmp/killed/results.jsonl" ] && [ ! -e "$tmp/killed/results.json" ]'
out=$("$bin" report "$tmp/killed/results.jsonl" 2>&1); rc=$?
check "stompspec report rebuilds them (got $rc: $out)" '[ $rc -eq 0 ] && [[ "$out" == *"did not end"* ]]'
n=$(reports_ok "$tmp/killed" true); rc=$?
check "the rebuilt reports parse and are marked interrupted (got $rc, $n cases)" '[ $rc -eq 0 ] && [ "$n" -gt 0 ]'

# A run that ends normally is not marked interrupted, and its stream says so.
"$bin" run --target "$tcp" --report "$tmp/whole" stomp12/send > /dev/null 2>&1; rc=$?
check "a whole run exits 0 (got $rc)" '[ $rc -eq 0 ]'
n=$(reports_ok "$tmp/whole" false); rc=$?
check "its reports are not marked interrupted (got $rc, $n cases)" '[ $rc -eq 0 ]'
out=$("$bin" report "$tmp/whole/results.jsonl" --report "$tmp/rebuilt" 2>&1); rc=$?
cp "$tmp/whole/results.jsonl" "$tmp/rebuilt/"
check "rebuilding a whole run's reports elsewhere: the same cases, not interrupted (got $rc)" \
  '[ $rc -eq 0 ] && [ "$(reports_ok "$tmp/rebuilt" false)" = "$n" ]'

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
