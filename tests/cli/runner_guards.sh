#!/usr/bin/env bash
# The runner's guards as users meet them, against the fake broker as a
# process: profiles validated, a refused baseline CONNECT, credentials from
# the command line and the environment (never echoed), cases needing absent
# credentials, exclusions, and a broker that dies mid-run.
set -u
bin=$1 fake=$2 data=$3 src=$4
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Profiles: a misspelt feature is an error naming file, line, key and the allowed keys.
out=$("$bin" validate --profile "$data/misspelt_profile.json" 2>&1); rc=$?
check "validate --profile misspelt exits 2 (got $rc)" '[ $rc -eq 2 ]'
check "validate --profile names file:line: key and allowed: $out" \
  '[[ "$out" == *"misspelt_profile.json:4: features.transaction: unknown feature '"'"'transaction'"'"' (allowed here: versions,"* ]]'
out=$("$bin" validate --profile "$src/targets/rabbitmq/profile.json" 2>&1); rc=$?
check "the RabbitMQ profile validates (got $rc: $out)" '[ $rc -eq 0 ]'
out=$("$bin" run --profile "$data/misspelt_profile.json" --target tcp://127.0.0.1:1 2>&1); rc=$?
check "run with a misspelt profile exits 2 before connecting (got $rc: $out)" '[[ $rc -eq 2 && "$out" != *"cannot reach"* ]]'

# The options exist on run and fuzz.
for sub in run fuzz; do
  out=$("$bin" $sub --help 2>&1)
  check "$sub --help has --login, --passcode, --host" '[[ "$out" == *"--login"* && "$out" == *"--passcode"* && "$out" == *"--host"* ]]'
done

start_fake
# A refused baseline CONNECT: exit 2 at once, the ERROR quoted, the hint given, the passcode never shown.
out=$("$bin" run --target "$tcp" --login nobody --passcode s3cret-pw stomp12/send/1 2>&1); rc=$?
check "refused baseline CONNECT exits 2 (got $rc)" '[ $rc -eq 2 ]'
check "it quotes the ERROR and gives the hint: $out" \
  '[[ "$out" == *"refused the baseline CONNECT"*"message: '"'"'access refused'"'"'"*"--login, --passcode (or the STOMPSPEC_PASSCODE"* ]]'
check "it runs nothing: $out" '[[ "$out" == *"nothing was run"* && "$out" != *"PASS  "* ]]'
check "the passcode from --passcode is never echoed" '[[ "$out" != *"s3cret-pw"* ]]'
out=$(STOMPSPEC_PASSCODE=s3cret-pw "$bin" run --target "$ws" --login guest stomp12/send/1 2>&1); rc=$?
check "STOMPSPEC_PASSCODE is used: wrong one refused over ws (got $rc: $out)" '[[ $rc -eq 2 && "$out" == *"refused the baseline CONNECT"* ]]'
check "the passcode from STOMPSPEC_PASSCODE is never echoed" '[[ "$out" != *"s3cret-pw"* ]]'
out=$(STOMPSPEC_PASSCODE=guest "$bin" run --target "$tcp" --login guest --host / stomp12/send/1 --report "$tmp/ok" 2>&1); rc=$?
check "the right passcode from STOMPSPEC_PASSCODE runs (got $rc: $out)" '[[ $rc -eq 0 && "$out" == *"PASS"* ]]'
check "no report holds the passcode" '! grep -rq "passcode:guest" "$tmp/ok"'

# fuzz takes the same options: a wrong login is refused before fuzzing, with the hint.
out=$("$bin" fuzz --target "$tcp" --login nobody --passcode s3cret-pw --iterations 1 -q --findings "$tmp/fz" 2>&1); rc=$?
check "fuzz with a wrong login exits 2 with the hint (got $rc: $out)" '[[ $rc -eq 2 && "$out" == *"give --login, --passcode"* ]]'
check "fuzz never echoes the passcode" '[[ "$out" != *"s3cret-pw"* ]]'

# A case that needs an absent credential is skipped with the reason, not an error.
out=$("$bin" run --target "$tcp" stomp12/connecting/3 stomp11/connecting/2 2>&1); rc=$?
check "cases needing \${passcode} without one: exit 0 (got $rc: $out)" '[ $rc -eq 0 ]'
check "they are skipped with the reason: $out" '[[ "$out" == *"needs credentials"* && "$out" != *"unknown variable"* ]]'
out=$("$bin" run --target "$tcp" --login guest --passcode guest stomp12/connecting/3 2>&1); rc=$?
check "with credentials the case runs (got $rc: $out)" '[[ $rc -eq 0 && "$out" == *"PASS"*"stomp12/connecting/3"* ]]'

# A broker that dies: the culprit fails, the run stops, exit 2, reports say so.
start_fake --fault "crash_on=where to?"
start=$(date +%s%N)
out=$("$bin" run --jobs 1 --target "$tcp" --format console,json --report "$tmp/dead" stomp12/send/2 stomp12/send/1 2>&1); rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
check "a dead broker exits 2 (got $rc)" '[ $rc -eq 2 ]'
check "within 15 s (took $ms ms)" '[ $ms -lt 15000 ]'
check "the console says so and names the culprit: $out" \
  '[[ "$out" == *"THE BROKER DIED"*"during stomp12/send/2@1.1 (tcp)"* ]]'
check "the culprit fails: $out" '[[ "$out" == *"FAIL"*"stomp12/send/2@1.1"* ]]'
check "results.json has the failure and the skips" \
  'grep -q "the broker stopped accepting connections during this case" "$tmp/dead/results.json" && grep -q "not run: the broker died during stomp12/send/2@1.1" "$tmp/dead/results.json"'

# With cases running at once the culprit cannot be named: every instance that
# was running is an error saying so, none is failed for what another did.
start_fake --fault "crash_on=where to?"
out=$("$bin" run --jobs 8 --target "$tcp" --format console,json --report "$tmp/dead8" stomp12/send/2 stomp12/send/1 stomp12/send/3 2>&1); rc=$?
check "a dead broker under --jobs 8 exits 2 (got $rc)" '[ $rc -eq 2 ]'
check "the console says the broker died: $out" '[[ "$out" == *"THE BROKER DIED"* ]]'
# Whether other instances were still running when the death was seen depends
# on timing; either way only the culprit may be failed for it.
check "no instance but the culprit is failed for the crash" \
  'python3 -c "
import json, sys
cases = json.load(open(sys.argv[1]))[\"cases\"]
blamed = [c[\"instance\"] for c in cases if c.get(\"message\") == \"the broker stopped accepting connections during this case\"]
shared = [c for c in cases if \"one of them killed it\" in c.get(\"message\", \"\")]
assert all(b.startswith(\"stomp12/send/2\") for b in blamed), blamed
assert blamed or shared, \"nobody was told\"
assert all(c[\"status\"] == \"error\" for c in shared)
" "$tmp/dead8/results.json"'

# A start command that fails: the run still stops, saying so.
start_fake --fault "crash_on=where to?"
printf '{"name": "restart-test", "commands": {"start": "exit 1"}}\n' > "$tmp/restart.json"
out=$("$bin" run --target "$tcp" --profile "$tmp/restart.json" stomp12/send/2 2>&1); rc=$?
check "a failed commands.start: exit 2 (got $rc)" '[ $rc -eq 2 ]'
check "it tried the start command and says it failed: $out" \
  '[[ "$out" == *"restarting it with the profile'"'"'s commands.start"*"the restart command failed"* ]]'

# exclude keeps the killer away, and the rest runs.
start_fake --fault "crash_on=where to?"
out=$("$bin" run --target "$tcp" --profile "$data/exclude_profile.json" stomp12/send/2 stomp12/send/1 2>&1); rc=$?
check "with the killer excluded the run passes (got $rc: $out)" '[[ $rc -eq 0 && "$out" == *"PASS"*"stomp12/send/1"* ]]'
check "the excluded case is a skip with the reason: $out" '[[ "$out" == *"excluded by profile '"'"'exclude-test'"'"': crashes the fake broker"* ]]'

echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
