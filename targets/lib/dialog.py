#!/usr/bin/env python3
"""Send STOMP frames to a broker and print what comes back (python3 stdlib only).

  dialog.py URL [--wait S] [--gap S] FRAME...

URL is tcp://host:port or ws://host:port/path. Each FRAME is written with Python
escapes (\\n, \\r, \\x00, \\\\); a frame with no NUL gets one appended. FRAMEs go out
one by one (over WebSocket one text message each), --gap seconds apart; then
everything the server sends is printed for --wait seconds, until it closes.
Output: `C> ...` sent, `S< ...` received (LF as ␊, NUL as ␀, CR as ␍), with the time
since the first frame, and how the connection ended. Used for the OBSERVED.md files
of the Java targets.
"""
import argparse
import os
import socket
import sys
import time
from urllib.parse import urlparse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "rabbitmq"))
import probe  # noqa: E402  (ws_connect, ws_send, WsReader)


def show(b):
    return b.decode("utf-8", "replace").replace("\r", "␍").replace("\n", "␊").replace("\x00", "␀")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("url")
    p.add_argument("frames", nargs="*")
    p.add_argument("--wait", type=float, default=2.0)
    p.add_argument("--gap", type=float, default=0.1)
    p.add_argument("--protocols", default="v10.stomp,v11.stomp,v12.stomp", help="WebSocket subprotocols ('' for none)")
    a = p.parse_args()
    u = urlparse(a.url)
    frames = []
    for f in a.frames:
        b = f.encode("latin-1").decode("unicode_escape").encode("latin-1")
        frames.append(b if b"\x00" in b else b + b"\x00")
    t0 = time.monotonic()
    stamp = lambda: "%6.2fs" % (time.monotonic() - t0)  # noqa: E731
    if u.scheme == "ws":
        protos = tuple(x for x in a.protocols.split(",") if x) or None
        sock, status, hdrs, rest = probe.ws_connect(u.hostname, u.port, u.path or "/", protocols=protos)
        print("%s HTTP %d, subprotocol %s" % (stamp(), status, hdrs.get("sec-websocket-protocol", "-")))
        if status != 101:
            return 1
        rd = probe.WsReader(sock, rest)

        def send(b):
            probe.ws_send(sock, b)

        def recv(timeout):
            op, _fin, payload = rd.recv(timeout)
            if op == 0x8:
                code = int.from_bytes(payload[:2], "big") if len(payload) >= 2 else None
                return "close", "WebSocket close %s %s" % (code, show(payload[2:]))
            kind = {0x1: "text", 0x2: "binary", 0x9: "ping", 0xA: "pong"}.get(op, "op%d" % op)
            return "data", "[%s] %s" % (kind, show(payload))
    else:
        sock = socket.create_connection((u.hostname, u.port), timeout=5)

        def send(b):
            sock.sendall(b)

        def recv(timeout):
            sock.settimeout(timeout)
            b = sock.recv(65536)
            if not b:
                raise EOFError()
            return "data", show(b)
    for b in frames:
        try:
            send(b)
            print("%s C> %s" % (stamp(), show(b)))
        except OSError as e:
            print("%s C> (send failed: %s) %s" % (stamp(), e, show(b)))
        end = time.monotonic() + a.gap
        while time.monotonic() < end:
            try:
                kind, text = recv(max(0.01, end - time.monotonic()))
                print("%s S< %s" % (stamp(), text))
                if kind == "close":
                    print("%s closed by the server" % stamp())
                    return 0
            except socket.timeout:
                break
            except (EOFError, ConnectionResetError) as e:
                print("%s closed by the server (%s)" % (stamp(), type(e).__name__))
                return 0
    end = time.monotonic() + a.wait
    while True:
        left = end - time.monotonic()
        if left <= 0:
            print("%s still open after %.1fs of waiting" % (stamp(), a.wait))
            return 0
        try:
            kind, text = recv(left)
            print("%s S< %s" % (stamp(), text))
            if kind == "close":
                print("%s closed by the server" % stamp())
                return 0
        except socket.timeout:
            continue
        except (EOFError, ConnectionResetError) as e:
            print("%s closed by the server (%s)" % (stamp(), type(e).__name__))
            return 0


if __name__ == "__main__":
    sys.exit(main())
