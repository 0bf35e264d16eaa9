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
evidence() {  # file, key -> the evidence string
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["evidence"].get(sys.argv[2], ""))' "$1" "$2"
}
# The body limit found: "largest smallest-refused" from the evidence, "0 0" when none.
limit_found() {
  python3 -c 'import json,re,sys
e=json.load(open(sys.argv[1]))["evidence"]["max_body_size"]
m=re.search(r"largest body delivered whole: (\d+) octets; smallest refused: (\d+) octets", e)
print(*(m.groups() if m else ("0","0")))' "$1"
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
# NACK itself: the fake redelivers a NACKed client-individual message to its subscriber.
check "NACK offered, and redelivered to the subscriber: $(evidence "$tmp/full.json" nack)" \
  '[ "$(feature "$tmp/full.json" nack)" = true ] && [[ "$(evidence "$tmp/full.json" nack)" == "NACK of a client-individual MESSAGE got its RECEIPT; the message came again to the same subscriber" ]]'
# The fake refuses frames over 1 MiB (max_frame_size, headers included) with ERROR:
# the search must end just under it (a SEND's headers take ~60 octets), the gap
# between accepted and refused at most 1 KiB.
read -r ok refused <<< "$(limit_found "$tmp/full.json")"
check "the body limit is bracketed under 1 MiB: $(evidence "$tmp/full.json" max_body_size)" \
  '[ "$ok" -lt 1048576 ] && [ "$ok" -ge $((1048576 - 1536)) ] && [ "$refused" -gt "$ok" ] && [ $((refused - ok)) -le 1024 ]'
check "max_body_size is the largest accepted" '[ "$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[\"limits\"][\"max_body_size\"])" "$tmp/full.json")" = "$ok" ]'
check "the refusal was an ERROR" '[[ "$(evidence "$tmp/full.json" max_body_size)" == *"(ERROR "* ]]'

start_fake --fault no_receipts --fault no_redelivery_after_nack --option max_frame_size=200000 --variation sender_exclusion
out=$("$bin" probe --target "$ws" -o "$tmp/lean.json" 2>&1); rc=$?
check "probe over WebSocket exits 0 (got $rc: $out)" '[ $rc -eq 0 ]'
check "a broker without receipts: receipts false" '[ "$(feature "$tmp/lean.json" receipts)" = false ]'
check "and the evidence says why" 'grep -q "no RECEIPT for a SUBSCRIBE" "$tmp/lean.json"'
check "its senders do not get their own topic messages" 'grep -q "did not come back to it" "$tmp/lean.json"'
check "the lean draft validates" '"$bin" validate --profile "$tmp/lean.json" >/dev/null'
check "a NACKed message that never comes back: NACK still offered, and the evidence says so: $(evidence "$tmp/lean.json" nack)" \
  '[ "$(feature "$tmp/lean.json" nack)" = true ] && [[ "$(evidence "$tmp/lean.json" nack)" == *"got no ERROR and no close; the message was not delivered again"* ]]'
read -r ok refused <<< "$(limit_found "$tmp/lean.json")"
check "a 200000-octet frame limit is bracketed: $(evidence "$tmp/lean.json" max_body_size)" \
  '[ "$ok" -lt 200000 ] && [ "$ok" -ge $((200000 - 1536)) ] && [ "$refused" -gt "$ok" ] && [ $((refused - ok)) -le 1024 ]'

out=$("$bin" probe --target tcp://127.0.0.1:1 2>&1); rc=$?
check "nothing listening: exit 2 with a hint (got $rc: $out)" '[ $rc -eq 2 ] && [[ "$out" == *"check the URL and credentials"* ]]'

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
