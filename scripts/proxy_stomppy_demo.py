#!/usr/bin/env python3
"""A real client through `stompspec proxy`: stomp.py (PyPI `stomp.py`) doing
what an application does, printing every event it sees, so that a client
developer can watch how it copes with a broken broker (docs/proxy.md).

    python3 -m venv build/venv-stomp && build/venv-stomp/bin/pip install stomp.py
    build/dev/stompspec proxy --listen tcp://127.0.0.1:0 --upstream tcp://127.0.0.1:61613 --fault drop-receipt &
    build/venv-stomp/bin/python scripts/proxy_stomppy_demo.py PORT

The session: CONNECT (STOMP 1.2, heart-beats 1000,1000), SUBSCRIBE in
client-individual mode with a receipt, SEND with a receipt, wait for the
MESSAGE, ACK it with its ack header, idle 4 s (heart-beats only), DISCONNECT
with a receipt. Every wait has a timeout; the script prints what happened
and exits 0 if the session went as the spec says, 1 otherwise.
"""
import sys
import threading
import time
import uuid

import stomp

T0 = time.monotonic()


def log(what):
    print(f"{time.monotonic() - T0:6.2f}s  {what}", flush=True)


class Listener(stomp.ConnectionListener):
    def __init__(self):
        self.receipts, self.messages = set(), []
        self.event = threading.Condition()
        self.heartbeat_timeouts = 0
        self.errors = []

    def _note(self):
        with self.event:
            self.event.notify_all()

    def on_connected(self, frame):
        log(f"on_connected: version {frame.headers.get('version')}, heart-beat {frame.headers.get('heart-beat')}")

    def on_receipt(self, frame):
        log(f"on_receipt: {frame.headers.get('receipt-id')}")
        self.receipts.add(frame.headers.get("receipt-id"))
        self._note()

    def on_message(self, frame):
        log(f"on_message: headers {dict(frame.headers)} body {frame.body!r}")
        self.messages.append(frame)
        self._note()

    def on_error(self, frame):
        log(f"on_error: {frame.headers.get('message')} {frame.body!r}")
        self.errors.append(frame.headers.get("message"))

    def on_heartbeat_timeout(self):
        self.heartbeat_timeouts += 1
        log("on_heartbeat_timeout: the broker's heart-beats stopped")

    def on_disconnected(self):
        log("on_disconnected")
        self._note()

    def wait(self, what, test, timeout=3.0):
        with self.event:
            ok = self.event.wait_for(test, timeout)
        log(f"{'got' if ok else 'TIMED OUT waiting for'} {what}")
        return ok


def main():
    port = int(sys.argv[1])
    problems = []
    conn = stomp.Connection12([("127.0.0.1", port)], heartbeats=(1000, 1000), vhost="/")
    listener = Listener()
    conn.set_listener("demo", listener)
    conn.connect("guest", "guest", wait=True)
    queue = f"/queue/proxy-demo-{uuid.uuid4().hex[:8]}"
    conn.subscribe(destination=queue, id="1", ack="client-individual", headers={"receipt": "sub-1"})
    if not listener.wait("RECEIPT sub-1", lambda: "sub-1" in listener.receipts):
        problems.append("no RECEIPT for SUBSCRIBE")
    conn.send(destination=queue, body="hello through the proxy", headers={"receipt": "send-1"})
    if not listener.wait("RECEIPT send-1", lambda: "send-1" in listener.receipts):
        problems.append("no RECEIPT for SEND")
    if listener.wait("MESSAGE", lambda: listener.messages):
        msg = listener.messages[0]
        for header in ("message-id", "subscription", "ack", "destination"):
            if header not in msg.headers:
                problems.append(f"MESSAGE without {header}")
        try:
            conn.ack(msg.headers["ack"])  # stomp.py 1.2: ack(id, transaction=None, receipt=None)
            log(f"sent ACK id:{msg.headers['ack']}")
        except KeyError as e:
            log(f"cannot ACK: the MESSAGE has no {e} header")
            problems.append(f"could not ACK (no {e})")
    else:
        problems.append("no MESSAGE")
    log("idle 4 s: only heart-beats flow")
    time.sleep(4)
    if listener.heartbeat_timeouts:
        problems.append("heart-beat timeout")
    if listener.errors:
        problems.append(f"ERROR: {listener.errors[0]}")
    if conn.is_connected():
        conn.disconnect(receipt="bye")
        if "bye" not in listener.receipts:
            problems.append("no RECEIPT for DISCONNECT")
    log("done: " + ("the session went as the spec says" if not problems else "; ".join(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
