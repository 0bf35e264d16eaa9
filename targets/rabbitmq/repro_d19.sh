#!/usr/bin/env bash
# OBSERVED.md D19: one SEND over Web-STOMP whose content-length is one octet
# short of its 10 MiB body makes RabbitMQ 3.10 allocate without bound, after
# the client has gone. Sends that frame once (stompspec, a generated case),
# samples the node's RSS for 6 s, prints the growth, and restarts RabbitMQ if
# it grew by more than 1 GiB (it would be killed by the OOM killer otherwise).
#
#   targets/rabbitmq/repro_d19.sh [build/dev/stompspec] [ws://127.0.0.1:15674/ws]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
bin=${1:-build/dev/stompspec} url=${2:-ws://127.0.0.1:15674/ws}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/rabbitmq/d19"
python3 - "$dir/rabbitmq/d19/1.json" <<'PY'
import json, sys
body = "0123456789" * 1048576
json.dump({
    "id": "rabbitmq/d19/1", "title": "a 10 MiB SEND whose content-length is one short",
    "spec": [{"version": "1.2", "section": "Header content-length", "level": "MUST",
              "requirement": "the frame ends with a NUL right after content-length octets"}],
    "versions": ["1.2"], "features": [], "keywords": [],
    "steps": [{"connect": {}},
              {"raw": "SEND\ndestination:/queue/d19\ncontent-length:%d\n\n%s\u0000" % (len(body) - 1, body)},
              {"expect_one_of": [{"name": "closed", "events": [{"closed": True}]},
                                 {"name": "ERROR", "events": [{"frame": {"command": "ERROR"}}]}]}]},
    open(sys.argv[1], "w"))
PY
rss() { ps -o rss= -C beam.smp | sort -n | tail -1; }
base=$(rss)
"$bin" run --profile targets/rabbitmq/profile.json --target "$url" --scenarios "$dir" "$dir/rabbitmq/d19/1.json" --no-color | tail -1
for _ in 1 2 3 4 5 6; do sleep 1; echo "RabbitMQ RSS +$(( ($(rss) - base) / 1024 )) MiB"; done
grown=$(( ($(rss) - base) / 1024 ))
if [ "$grown" -gt 1024 ]; then
  echo "D19 reproduced (+$grown MiB in 6 s); restarting RabbitMQ"
  targets/rabbitmq/stop.sh >/dev/null 2>&1 || pkill -9 beam.smp || true
  targets/rabbitmq/start.sh | tail -1
else
  echo "D19 not reproduced (+$grown MiB)"
fi
