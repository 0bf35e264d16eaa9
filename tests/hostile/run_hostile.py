#!/usr/bin/env python3
"""Runs the real `stompspec run` against the hostile broker, one behaviour over
one transport, and checks what issue 11 asks of it:

- it ends within the case's deadline plus a margin (a watchdog kills it
  otherwise, and that is a failure: "hung");
- its exit code is 1 (fail) or 2 (error), and the case's status says so;
- the message of the case (or of the run, for errors before any case)
  names the misbehaviour;
- its peak RSS (the child's ru_maxrss, from wait4) stays under the limit;
- results.json is valid JSON, bounded in size, and no transcript entry keeps
  more than the wire log's caps (harness/engine/session.cpp).

Prints one line of measurements (the table in docs/reliability.md is made
of them) and exits 0 when every check holds, 1 otherwise.

Usage: run_hostile.py --stompspec BIN --broker BIN --scenario DIR --certs DIR
                      --behaviour NAME --transport tcp|tls|ws|wss|sockjs
                      [--slow-seconds N] [--timeout MS] [--max-rss-mib N]
"""
import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

# Wire log caps (harness/engine/session.cpp): per entry, per case.
ENTRY_CAP = 64 * 1024 + 64          # the entry, plus its "[… N more octets not shown]" note
CASE_CAP = 4 * 1024 * 1024 + ENTRY_CAP
RESULTS_CAP = 8 * 1024 * 1024       # results.json of one case: the wire log in base64 and the rest
PROSE_CAP = 16 * 1024               # message, expected, actual of a case

# behaviour -> (what the message must match, the case's deadline in units of --timeout, plus seconds)
# The deadline: preflight (a connect and a CONNECT), the case's steps (each
# waits at most --timeout), the close, and the check that the broker still
# accepts connections; see docs/reliability.md.
EXPECT = {
    "no-nul": r"frame longer than \d+ octets|unfinished frame arrived \(no NUL yet\)",
    "content-length-1g": r"content-length 1073741824 makes the frame longer than",
    "content-length-2p63": r"content-length 9223372036854775808 makes the frame longer than",
    "million-headers": r"more than \d+ headers",
    "header-line-100m": r"line longer than \d+ octets",
    "slowloris": r"waited \d+ ms for CONNECTED.*unfinished frame|CONNECTED.*truncated frame",
    "message-flood": r"got MESSAGE where RECEIPT was expected",
    "no-connected": r"waited \d+ ms for CONNECTED.*nothing within the deadline",
    "ws-invalid-utf8": r"WebSocket text message that is not UTF-8",
    "ws-fragmented-control": r"control frame was fragmented",
    "ws-oversized-control": r"control frame size was invalid",
    "ws-length-2p63": r"WebSocket frame announced 9223372036854775808 payload octets",
    "close-mid-frame": r"truncated frame|ended inside a WebSocket frame",
    "tls-stall": r"TLS handshake did not complete in time",
    "sockjs-h-forever": r"waited \d+ ms for CONNECTED.*nothing within the deadline",
}


URLS = {
    "tcp": "tcp://127.0.0.1:{}",
    "tls": "tls://127.0.0.1:{}",
    "ws": "ws://127.0.0.1:{}/ws",
    "wss": "wss://127.0.0.1:{}/ws",
    "sockjs": "sockjs+http://127.0.0.1:{}/stomp",
}


def start_broker(args):
    cmd = [args.broker, "--behaviour", args.behaviour, "--transport", args.transport,
           "--slow-seconds", str(args.slow_seconds)]
    if args.transport in ("tls", "wss"):
        cmd += ["--cert", os.path.join(args.certs, "server.pem"), "--key", os.path.join(args.certs, "server.key")]
    broker = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = broker.stdout.readline().strip()
    if not line.isdigit():
        broker.kill()
        sys.exit(f"FAIL: the hostile broker did not start: {line} {broker.stderr.read()}")
    return broker, int(line)


def run_stompspec(args, url, report):
    """Runs stompspec under a watchdog; returns (exit code or None if killed, seconds, peak RSS in KiB, output)."""
    cmd = [args.stompspec, "run", "--target", url, "--report", report, "--format", "json",
           "--timeout", str(args.timeout), "--jobs", "1", args.scenario]
    if args.profile:
        cmd[2:2] = ["--profile", args.profile]
    if args.transport in ("tls", "wss"):
        cmd[2:2] = ["--ca", os.path.join(args.certs, "ca.pem")]
    out = tempfile.TemporaryFile()
    start = time.monotonic()
    # Under ASan/UBSan a report must not pass for a verdict: ASan's default exit
    # code is 1, the code of a failed case.
    env = dict(os.environ)
    env["ASAN_OPTIONS"] = ":".join(filter(None, [env.get("ASAN_OPTIONS"), "exitcode=86"]))
    env["UBSAN_OPTIONS"] = ":".join(filter(None, [env.get("UBSAN_OPTIONS"), "halt_on_error=1:exitcode=87:print_stacktrace=1"]))
    p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
    watchdog = start + args.deadline + args.margin
    killed = False
    while True:
        pid, status, usage = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > watchdog and not killed:
            os.kill(p.pid, signal.SIGKILL)
            killed = True
        time.sleep(0.02)
    seconds = time.monotonic() - start
    p.returncode = os.waitstatus_to_exitcode(status)
    out.seek(0)
    text = out.read().decode(errors="replace")
    return (None if killed else p.returncode), seconds, usage.ru_maxrss, text


def main():
    ap = argparse.ArgumentParser()
    for a in ("--stompspec", "--broker", "--scenario", "--certs", "--behaviour", "--transport"):
        ap.add_argument(a, required=True)
    ap.add_argument("--slow-seconds", type=int, default=60)
    ap.add_argument("--profile", help="a stompspec profile (its read_* limits)")
    ap.add_argument("--must-fail-with", help="a self-test of the checks: succeed only if a check fails with this regex")
    ap.add_argument("--expect", help="a regex the message must match instead of the behaviour's")
    ap.add_argument("--timeout", type=int, default=2000, help="stompspec --timeout (ms)")
    ap.add_argument("--deadline", type=float, default=0, help="seconds; default: 4 x timeout + 4")
    ap.add_argument("--margin", type=float, default=3.0)
    ap.add_argument("--max-rss-mib", type=float, default=256, help="0: not checked (ASan)")
    args = ap.parse_args()
    if args.behaviour not in EXPECT:
        sys.exit(f"FAIL: unknown behaviour {args.behaviour}")
    if args.expect:
        EXPECT[args.behaviour] = args.expect
    if not args.deadline:
        args.deadline = 4 * args.timeout / 1000 + 4

    broker, port = start_broker(args)
    failures = []
    with tempfile.TemporaryDirectory() as report:
        try:
            code, seconds, rss_kib, output = run_stompspec(args, URLS[args.transport].format(port), report)
        finally:
            broker.kill()
            broker.wait()
        rss_mib = rss_kib / 1024
        case_msg = run_msg = ""
        status = "-"
        results_size = 0
        path = os.path.join(report, "results.json")
        if re.search(r"ERROR: (Address|Leak)Sanitizer|runtime error:", output):
            failures.append("a sanitizer reported: " + output[output.find("Sanitizer") - 20:][:400])
        if code is None:
            failures.append(f"hung: killed by the watchdog after {seconds:.1f} s "
                            f"(deadline {args.deadline:.0f} s + {args.margin:.0f} s)")
        elif code not in (1, 2):
            failures.append(f"exit code {code}, expected 1 (fail) or 2 (error)")
        if code is not None and seconds > args.deadline + args.margin:
            failures.append(f"took {seconds:.1f} s, deadline {args.deadline:.0f} s + {args.margin:.0f} s")
        if args.max_rss_mib and rss_mib > args.max_rss_mib:
            failures.append(f"peak RSS {rss_mib:.0f} MiB > {args.max_rss_mib:.0f} MiB")
        if code == 2 and not os.path.exists(path):
            run_msg = output  # an error before any case ran: the console says why
        elif os.path.exists(path):
            results_size = os.path.getsize(path)
            if results_size > RESULTS_CAP:
                failures.append(f"results.json is {results_size} octets > {RESULTS_CAP}")
            try:
                with open(path, "rb") as f:
                    results = json.load(f)
                cases = results.get("cases", [])
                if len(cases) != 1:
                    failures.append(f"results.json has {len(cases)} cases, expected 1")
                for c in cases:
                    status = c["status"]
                    case_msg = " | ".join(c.get(k, "") for k in ("message", "actual"))
                    for k in ("message", "expected", "actual"):
                        if len(c.get(k, "")) > PROSE_CAP:
                            failures.append(f"the case's {k} is {len(c[k])} characters > {PROSE_CAP}")
                    kept = 0
                    for e in c.get("transcript", []):
                        n = len(e.get("data", "")) if "data" in e else len(e.get("data_b64", "")) * 3 // 4
                        kept += n
                        if n > ENTRY_CAP:
                            failures.append(f"a transcript entry keeps {n} octets > {ENTRY_CAP}")
                            break
                    if kept > CASE_CAP:
                        failures.append(f"the transcript keeps {kept} octets > {CASE_CAP}")
                    if status not in ("fail", "error") and code is not None:
                        failures.append(f"the case's status is {status}, expected fail or error")
                    if code is not None and ((status == "fail") != (code == 1)) and code != 2:
                        failures.append(f"status {status} but exit code {code}")
            except (ValueError, KeyError, TypeError) as e:
                failures.append(f"results.json is not valid: {e}")
            if code == 2 and not case_msg:
                run_msg = output
        elif code is not None:
            failures.append("no results.json")
        said = case_msg or run_msg
        if code is not None and not re.search(EXPECT[args.behaviour], said, re.IGNORECASE):
            failures.append(f"the message does not name the misbehaviour (/{EXPECT[args.behaviour]}/): {said[:600]!r}")
        said_line = " ".join(said.split())[:600]
        print(f"MEASURED behaviour={args.behaviour} transport={args.transport} exit={code} status={status} "
              f"seconds={seconds:.1f} peak_rss_mib={rss_mib:.0f} results_json={results_size} message={said_line!r}")
    for f in failures:
        print(f"FAIL: {args.behaviour} over {args.transport}: {f}")
    if args.must_fail_with:
        bit = any(re.search(args.must_fail_with, f) for f in failures)
        print(f"self-test: a check {'failed' if bit else 'did NOT fail'} with /{args.must_fail_with}/, as it must")
        return 0 if bit else 1
    if failures:
        print("stompspec said:\n" + output[-3000:])
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
