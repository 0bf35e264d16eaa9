#!/usr/bin/env python3
"""boofuzz 0.4.2 against a STOMP broker: the comparison point for the live
fuzzer (bench/live_fuzz_vs_boofuzz.sh). A CONNECT -> SUBSCRIBE -> SEND ->
DISCONNECT model, each frame with a few fuzzable primitives; every test case
is a fresh TCP connection that walks the path to the fuzzed frame. As boofuzz
is usually run for a network protocol without an oracle, it checks nothing it
receives: no recv after requests (that would wait out recv_timeout on every
frame), no web UI, no console logger (printing every test case would be the
bottleneck). It stops after DURATION seconds and prints one JSON line:
test cases, frames (sends), wall time.

  boofuzz_stomp.py HOST PORT DURATION_S [LOGIN PASSCODE]
"""
import json
import os
import sys
import tempfile
import time

from boofuzz import (Session, Target, TCPSocketConnection, s_get, s_initialize, s_static, s_string)

host, port, duration = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
login = sys.argv[4] if len(sys.argv) > 4 else "guest"
passcode = sys.argv[5] if len(sys.argv) > 5 else "guest"

frames = 0
test_cases = 0
started = time.monotonic()


class CountingConnection(TCPSocketConnection):
    """Counts the frames boofuzz writes (one send per request in the path)."""

    def send(self, data):
        global frames
        frames += 1
        return super().send(data)


class Done(KeyboardInterrupt):
    """Raised after the last test case: boofuzz catches every Exception a
    callback raises (as a target failure), but lets KeyboardInterrupt through."""


def after_test_case(target, fuzz_data_logger, session, *args, **kwargs):
    global test_cases
    test_cases += 1
    if time.monotonic() - started >= duration:
        raise Done()


s_initialize("CONNECT")
s_static("CONNECT\naccept-version:")
s_string("1.2", name="accept-version")
s_static("\nhost:")
s_string("/", name="host")
s_static(f"\nlogin:{login}\npasscode:{passcode}\n\n\x00")

s_initialize("SUBSCRIBE")
s_static("SUBSCRIBE\nid:")
s_string("s1", name="id")
s_static("\ndestination:")
s_string("/queue/boofuzz", name="destination")
s_static("\nack:")
s_string("auto", name="ack")
s_static("\n\n\x00")

s_initialize("SEND")
s_static("SEND\ndestination:")
s_string("/queue/boofuzz", name="destination")
s_static("\ncontent-type:")
s_string("text/plain", name="content-type")
s_static("\n\n")
s_string("hello", name="body")
s_static("\x00")

s_initialize("DISCONNECT")
s_static("DISCONNECT\nreceipt:")
s_string("r1", name="receipt")
s_static("\n\n\x00")

db = os.path.join(tempfile.mkdtemp(prefix="boofuzz-stomp-"), "run.db")
session = Session(
    target=Target(connection=CountingConnection(host, port, send_timeout=2.0, recv_timeout=0.1)),
    sleep_time=0,
    web_port=None,
    keep_web_open=False,
    fuzz_loggers=[],
    receive_data_after_each_request=False,
    receive_data_after_fuzz=False,
    check_data_received_each_request=False,
    post_test_case_callbacks=[after_test_case],
    db_filename=db,
)
session.connect(s_get("CONNECT"))
session.connect(s_get("CONNECT"), s_get("SUBSCRIBE"))
session.connect(s_get("SUBSCRIBE"), s_get("SEND"))
session.connect(s_get("SEND"), s_get("DISCONNECT"))
try:
    session.fuzz()
except Done:
    pass
wall = time.monotonic() - started
print(json.dumps({"tool": "boofuzz 0.4.2", "test_cases": test_cases, "frames": frames, "wall_s": round(wall, 2),
                  "test_cases_per_s": round(test_cases / wall, 1), "frames_per_s": round(frames / wall, 1)}))
