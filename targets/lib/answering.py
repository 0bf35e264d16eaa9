#!/usr/bin/env python3
"""Exit 0 when every URL of a target profile answers a STOMP CONNECT already.

Used by scripts/run.sh and scripts/matrix.sh to tell a target they must start
(and stop again) from one somebody else left running. tls:// and wss:// are
skipped: the same broker serves them beside its plain listeners, which are probed.
A SockJS endpoint is probed through its plain WebSocket path.
"""
import json
import pathlib
import subprocess
import sys
from urllib.parse import urlparse

PROBE = pathlib.Path(__file__).resolve().parent.parent / "rabbitmq" / "probe.py"

urls = json.load(open(sys.argv[1])).get("urls", {}).values()
probed = 0
for url in urls:
    u = urlparse(url)
    if u.scheme == "tcp":
        args = ["stomp", u.hostname, str(u.port)]
    elif u.scheme in ("ws", "sockjs+http"):
        args = ["ws", u.hostname, str(u.port), u.path or "/"]
    else:
        continue
    probed += 1
    if subprocess.call([sys.executable, str(PROBE), *args, "--timeout", "2", "-q"]) != 0:
        sys.exit(1)
sys.exit(0 if probed else 1)
