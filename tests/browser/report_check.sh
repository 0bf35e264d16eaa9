#!/usr/bin/env bash
# The HTML report in a real browser: the fake broker as a process, a small
# `stompspec run --report` with pass, info, skip and xpass rows, then
# browser/report-check.mjs on it (screenshot kept in OUT). The check must be
# able to fail: the same report with a console error injected must fail it.
#   report_check.sh STOMPSPEC FAKE_BROKER SOURCE_DIR OUT
set -u
bin=$1 fake=$2 src=$3 out=$4
tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
rm -rf "$out" && mkdir -p "$out"

"$fake" > "$tmp/urls" & pid=$!
for _ in $(seq 50); do [ "$(wc -l < "$tmp/urls")" -ge 2 ] && break; sleep 0.1; done
{ read -r tcp && read -r ws; } < "$tmp/urls" || { echo "FAIL: the fake broker printed no URLs"; exit 1; }
timeout 120 "$bin" run --target "$ws" --profile "$src/tests/browser/data/report-profile.json" \
  stomp12/send stomp12/ack --report "$out/report" --format json,html > "$tmp/run.log" 2>&1
rc=$?
[ $rc -eq 0 ] || { echo "FAIL: stompspec run exited $rc"; cat "$tmp/run.log"; exit 1; }

timeout 90 node "$src/browser/report-check.mjs" --report "$out/report" --screenshot "$out/report.png"
rc=$?
[ $rc -eq 0 ] || { echo "FAIL: report-check exited $rc"; exit 1; }
[ -s "$out/report.png" ] || { echo "FAIL: no screenshot"; exit 1; }

# Seen failing: a console error on the page.
cp -r "$out/report" "$tmp/broken"
sed -i 's|</body>|<script>console.error("injected by report_check.sh")</script></body>|' "$tmp/broken/index.html"
timeout 90 node "$src/browser/report-check.mjs" --report "$tmp/broken" > "$tmp/broken.log" 2>&1
rc=$?
if [ $rc -ne 1 ] || ! grep -q 'console: injected by report_check.sh' "$tmp/broken.log"; then
  echo "FAIL: a report with a console error passed the check (exit $rc)"; cat "$tmp/broken.log"; exit 1
fi
echo "report_check: ok (the injected console error was caught); screenshot $out/report.png"
