# Shared by the CLI test scripts: a check counter, a scratch folder and the
# fake broker as a process, all cleaned up on exit. Needs $fake to be set.
fails=0 passes=0
check() {  # name, condition
  if eval "$2"; then passes=$((passes + 1)); else echo "FAIL: $1"; fails=$((fails + 1)); fi
}
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$tmp"; }
trap cleanup EXIT
start_fake() {  # args for tests/support's fake-broker; sets tcp and ws
  # Removed first: the background redirect may truncate it only after the wait
  # below has already seen the previous fake's URLs.
  rm -f "$tmp/urls"
  "$fake" "$@" > "$tmp/urls" & pids+=($!)
  for _ in $(seq 50); do [ "$(cat "$tmp/urls" 2>/dev/null | wc -l)" -ge 2 ] && break; sleep 0.1; done
  { read -r tcp; read -r ws; } < "$tmp/urls"
}
# The closing line every runner reads: "N passed, N failed"; the exit status.
finish() {
  echo "$passes passed, $fails failed"
  [ "$fails" -eq 0 ]
}
