#!/usr/bin/env bash
# stompspec probe against the fake broker as a process: a correct broker and
# one without receipts whose senders never get their own topic messages. The
# draft must validate and say what each broker offers, with evidence.
set -u
bin=$1 fake=$2
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
feature() {  # file, key -> the JSON value
  python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["features"].get(sys.argv[2])))' "$1" "$2"
}

start_fake
out=$("$bin" probe --target "$tcp" --login guest --passcode guest -o "$tmp/full.json" 2>&1); rc=$?
check "probe of a correct broker exits 0 (got $rc: $out)" '[ $rc -eq 0 ]'
check "its draft validates" '"$bin" validate --profile "$tmp/full.json" >/dev/null'
check "versions 1.0-1.2: $(feature "$tmp/full.json" versions)" '[ "$(feature "$tmp/full.json" versions)" = "[\"1.0\", \"1.1\", \"1.2\"]" ]'
for f in receipts queues topics transactions redelivery heartbeats; do
  check "the correct broker offers $f" '[ "$(feature "$tmp/full.json" '"$f"')" = true ]'
done
check "the passcode is not in the draft" '! grep -q "\"passcode\"" "$tmp/full.json"'
check "every feature has its evidence" 'python3 -c "
import json,sys; d=json.load(open(sys.argv[1])); assert set(d[\"features\"]) <= set(d[\"evidence\"]), d[\"evidence\"]" "$tmp/full.json"'

start_fake --fault no_receipts --variation sender_exclusion
out=$("$bin" probe --target "$ws" -o "$tmp/lean.json" 2>&1); rc=$?
check "probe over WebSocket exits 0 (got $rc: $out)" '[ $rc -eq 0 ]'
check "a broker without receipts: receipts false" '[ "$(feature "$tmp/lean.json" receipts)" = false ]'
check "and the evidence says why" 'grep -q "no RECEIPT for a SUBSCRIBE" "$tmp/lean.json"'
check "its senders do not get their own topic messages" 'grep -q "did not come back to it" "$tmp/lean.json"'
check "the lean draft validates" '"$bin" validate --profile "$tmp/lean.json" >/dev/null'

out=$("$bin" probe --target tcp://127.0.0.1:1 2>&1); rc=$?
check "nothing listening: exit 2 with a hint (got $rc: $out)" '[ $rc -eq 2 ] && [[ "$out" == *"check the URL and credentials"* ]]'

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
