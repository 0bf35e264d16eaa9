#!/usr/bin/env bash
# stompspec proxy end to end: with no fault it is transparent (the same
# verdicts as a direct run, over TCP and WebSocket); with each fault, a case
# that passes directly fails through it (the fault changed the traffic, and
# the suite saw it). Against the fake broker (unit tier) or RabbitMQ
# (integration tier, started by scripts/test.sh).
#
#   proxy_faults.sh STOMPSPEC fake FAKE_BROKER_BINARY
#   proxy_faults.sh STOMPSPEC rabbitmq PROFILE
set -u
bin=$1 mode=$2
# check, $tmp, cleanup of $pids and start_fake, shared with the CLI tests
source "$(dirname "${BASH_SOURCE[0]}")/../cli/lib.sh"

profile=()
if [ "$mode" = fake ]; then
  fake=$3
  start_fake
else
  profile=(--profile "$3")
  tcp=tcp://127.0.0.1:61613 ws=ws://127.0.0.1:15674/ws
fi
[ -n "$tcp" ] && [ -n "$ws" ] || { echo "FAIL: no broker URLs"; exit 1; }

proxy() {  # log faults...; sets ptcp and pws to the proxy's listen URLs
  local log=$1 args=() f
  shift
  for f in "$@"; do args+=(--fault "$f"); done
  : > "$log"
  "$bin" proxy -q --listen tcp://127.0.0.1:0 --upstream "$tcp" --listen ws://127.0.0.1:0/ws --upstream "$ws" \
    "${args[@]}" > "$log" 2>&1 & proxy_pid=$!
  pids+=($proxy_pid)
  for _ in $(seq 50); do grep -q '^faults:' "$log" && break; sleep 0.1; done
  ptcp=$(sed -n 's/^listening \(tcp:[^ ]*\) .*/\1/p' "$log")
  pws=$(sed -n 's/^listening \(ws:[^ ]*\) .*/\1/p' "$log")
}
stop_proxy() { kill "$proxy_pid" 2>/dev/null; wait "$proxy_pid" 2>/dev/null; }
statuses() {  # results.json -> "instance status" lines, sorted
  python3 -c 'import json,sys
for c in sorted(json.load(open(sys.argv[1]))["cases"], key=lambda c: c["instance"]): print(c["instance"], c["status"])' "$1"
}
run() {  # name url cases... : runs them, json into $tmp/name; echoes the exit code
  local name=$1 url=$2; shift 2
  "$bin" run "${profile[@]}" --target "$url" --report "$tmp/$name" --format json "$@" > "$tmp/$name.log" 2>&1
  echo $?
}

# Fault -> a case it must make fail (a SHOULD's warn counts: --strict).
declare -A killer=(
  [drop-receipt]=stomp12/receipt/1
  [strip-message-id]=stomp12/message/1
  [strip-subscription]=stomp12/ack/1
  [strip-ack]=stomp12/message/5
  [unescape-headers]=stomp12/value-encoding/1
  [wrong-content-length]=stomp12/content-length/1
  [suppress-heartbeats]=stomp12/heart-beating/2
  [delay-heartbeats]=stomp12/heart-beating/2
  [duplicate-message]=stomp12/message/1
  [reorder-message]=stomp12/ack/9
  [downgrade-version]=stomp12/protocol-negotiation/1
  [drop-subprotocol]=ws/subprotocol/1
  [client-strip-subscribe-id]=stomp11/ack/1
  [client-strip-ack-id]=stomp12/ack/9
  [client-unescape-headers]=stomp12/value-encoding/1
  [client-wrong-content-length]=stomp12/content-length/1
  [client-suppress-heartbeats]=stomp12/heart-beating/5
  [client-drop-disconnect-receipt]=stomp12/disconnect/1
  [client-downgrade-version]=stomp12/protocol-negotiation/1
  [client-drop-subprotocol]=ws/subprotocol/1
  [keep-open-after-error]=stomp12/subscribe/12
)
# A client that stops beating is the broker's to notice, and RabbitMQ 3.10
# noticed it inside the case's 3 s in some runs only (2026-12-02: one failed
# instance of two by hand, one kill in three runs of this script): a kill
# that comes and goes is no test. The kill matrix
# (scripts/proxy_kill_matrix.py) still runs it against RabbitMQ.
excused=""
[ "$mode" = rabbitmq ] && excused=client-suppress-heartbeats && unset "killer[$excused]"
# Every fault of the table is here (or excused above).
for f in $("$bin" proxy --list | awk 'NR > 1 && !/^ / {print $1}'); do
  [ "$f" = "$excused" ] && continue
  check "fault $f has a killer case in this test" '[ -n "${killer[$f]:-}" ]'
done

selection=$(printf '%s\n' "${killer[@]}" | sort -u)
# Transparency: the same verdicts directly and through the fault-free proxy.
proxy "$tmp/proxy"
batch=()  # the four runs at once
for t in tcp ws; do
  direct_url=$tcp proxy_url=$ptcp
  [ $t = ws ] && direct_url=$ws proxy_url=$pws
  run direct-$t "$direct_url" --strict $selection > "$tmp/direct-$t.rc" & batch+=($!)
  run none-$t "$proxy_url" --strict $selection > "$tmp/none-$t.rc" & batch+=($!)
done
wait "${batch[@]}"
for t in tcp ws; do
  rc_direct=$(cat "$tmp/direct-$t.rc") rc_proxy=$(cat "$tmp/none-$t.rc")
  check "$t: the selection passes directly (exit $rc_direct; $(tail -1 "$tmp/direct-$t.log"))" '[ "$rc_direct" = 0 ]'
  # An expected failure could not fail again: each killer must really pass on
  # the transport it is run on below (ws/* cases over WebSocket, the rest over TCP).
  notpass=$(statuses "$tmp/direct-$t/results.json" |
    awk -v t=$t '$2 != "pass" && $2 != "skip" && (t == "ws") == ($1 ~ /^ws\//)')
  check "$t: every killer case passes directly (not: $notpass)" '[ -z "$notpass" ]'
  check "$t: the fault-free proxy gives the direct verdicts (exit $rc_proxy)" \
    '[ "$(statuses "$tmp/direct-$t/results.json")" = "$(statuses "$tmp/none-$t/results.json")" ]'
done
stop_proxy

# Each fault kills its case; the proxy's summary shows it rewrote something.
# Faults run four at a time, each behind its own proxy (~50 s one by one).
fault_run() {  # fault: the run's exit code goes to $tmp/fault-$f.rc, the proxy's log to $tmp/proxy-$f
  local f=$1 url
  proxy "$tmp/proxy-$f" "$f"
  url=$ptcp
  [[ ${killer[$f]} == ws/* ]] && url=$pws
  run "fault-$f" "$url" --strict "${killer[$f]}" > "$tmp/fault-$f.rc"
  stop_proxy
}
faults=($(printf '%s\n' "${!killer[@]}" | sort))
for ((i = 0; i < ${#faults[@]}; i += 4)); do
  batch=()
  for f in "${faults[@]:i:4}"; do fault_run "$f" & batch+=($!); done
  wait "${batch[@]}"
done
for f in "${faults[@]}"; do
  rc=$(cat "$tmp/fault-$f.rc")
  check "$f makes ${killer[$f]} fail (exit $rc; $(tail -1 "$tmp/fault-$f.log"))" '[ "$rc" = 1 ]'
  check "$f: the proxy reports its rewrites ($(grep '^stopped' "$tmp/proxy-$f"))" "grep -q '^stopped:.* $f x[1-9]' '$tmp/proxy-$f'"
done

finish
