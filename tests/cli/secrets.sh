#!/usr/bin/env bash
# A passcode never leaks: a unique one is planted (in the environment, the way
# the README recommends), then run (every format, verbose console), report,
# probe and fuzz (findings and their scenarios) write everything they write,
# and every file and console line is searched for it, raw and inside the
# base64 transcript fields of results.json.
set -u
bin=$1 fake=$2
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
secret="pw-$RANDOM$RANDOM-sekrit"
"$fake" --option "passcode=$secret" --variation all < /dev/null > "$tmp/urls" & pids+=($!)
for _ in $(seq 50); do [ -s "$tmp/urls" ] && break; sleep 0.1; done
tcp=$(sed -n 1p "$tmp/urls"); ws=$(sed -n 2p "$tmp/urls")
export STOMPSPEC_PASSCODE=$secret

"$bin" run --target "$tcp" --target "$ws" --login guest -v --format console,junit,json,html,github \
  --report "$tmp/run" stomp12/connecting stomp11/connecting stomp12/send stomp12/value-encoding > "$tmp/run.out" 2>&1
check "the run reached the broker with the planted passcode (it passed cases)" 'grep -q "passed" "$tmp/run.out" && ! grep -q "nothing was run" "$tmp/run.out"'
"$bin" report "$tmp/run/results.jsonl" --report "$tmp/rebuilt" > "$tmp/report.out" 2>&1
"$bin" probe --target "$tcp" --login guest -o "$tmp/probe.json" > "$tmp/probe.out" 2>&1
check "probe ran" '[ -s "$tmp/probe.json" ]'
"$bin" fuzz --target "$tcp" --login guest --duration 5s --seed 7 --no-minimize --findings "$tmp/fuzz" > "$tmp/fuzz.out" 2>&1
check "fuzz ran and wrote its summary" '[ -s "$tmp/fuzz/summary.json" ]'
check "fuzz saved at least one finding (raw octets included) to search" 'ls "$tmp"/fuzz/*/sent.bin >/dev/null 2>&1'

leaks=$(grep -rl --binary-files=text -- "$secret" "$tmp" | grep -v "/urls$" || true)
check "no file or console output holds the passcode: ${leaks:-none}" '[ -z "$leaks" ]'
check "nor a base64 transcript field" 'python3 - "$tmp" "$secret" <<PY
import base64, json, pathlib, sys
root, secret = pathlib.Path(sys.argv[1]), sys.argv[2].encode()
def walk(v):
    if isinstance(v, dict):
        for k, x in v.items():
            if k.endswith("b64") and isinstance(x, str):
                assert secret not in base64.b64decode(x), k
            walk(x)
    elif isinstance(v, list):
        for x in v: walk(x)
for f in root.rglob("*.json"):
    walk(json.loads(f.read_text(errors="replace")))
for f in root.rglob("*.jsonl"):
    for line in f.read_text(errors="replace").splitlines():
        if line.strip(): walk(json.loads(line))
PY'
check "the transcripts do show that a passcode was sent, masked" 'grep -rq "passcode:\*\*\*\*\*\*\*\*" "$tmp/run/results.json"'
finish
