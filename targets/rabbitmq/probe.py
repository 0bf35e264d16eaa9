#!/usr/bin/env python3
"""Readiness probes for a STOMP broker (python3 stdlib only).

  probe.py stomp HOST PORT [--login L --passcode P --host VHOST]
      raw TCP: send CONNECT, expect a CONNECTED frame.
  probe.py ws HOST PORT PATH [--login ...]
      raw HTTP/1.1 WebSocket upgrade (expect 101), then a CONNECT inside a
      WebSocket text message, expect CONNECTED.

Exit 0 when ready, 1 otherwise (reason on stderr). Every socket operation has
a timeout (--timeout, default 3 s), so a probe never hangs.

The small WebSocket helpers here (ws_connect, ws_send, ws_recv) are reused by
observe.py.
"""
import argparse
import base64
import hashlib
import os
import socket
import struct
import sys
import time

WS_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def connect_frame(login, passcode, vhost, version="1.2"):
    return (
        "CONNECT\naccept-version:%s\nhost:%s\nlogin:%s\npasscode:%s\nheart-beat:0,0\n\n\x00"
        % (version, vhost, login, passcode)
    ).encode()


def read_until(sock, pred, timeout):
    """Read from sock until pred(buf) is true, EOF or timeout. Returns bytes."""
    deadline = time.monotonic() + timeout
    buf = b""
    while not pred(buf):
        left = deadline - time.monotonic()
        if left <= 0:
            break
        sock.settimeout(left)
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            break
        if not chunk:
            break
        buf += chunk
    return buf


# ------------------------------------------------------------------ WebSocket
def ws_connect(host, port, path, protocols=("v12.stomp", "v11.stomp", "v10.stomp"), timeout=3.0,
               extra_headers=()):
    """Open a WebSocket. Returns (sock, status_code, response_headers_dict, leftover_bytes).
    protocols=None sends no Sec-WebSocket-Protocol header."""
    sock = socket.create_connection((host, port), timeout=timeout)
    key = base64.b64encode(os.urandom(16)).decode()
    lines = [
        "GET %s HTTP/1.1" % path,
        "Host: %s:%d" % (host, port),
        "Upgrade: websocket",
        "Connection: Upgrade",
        "Sec-WebSocket-Key: %s" % key,
        "Sec-WebSocket-Version: 13",
    ]
    if protocols is not None:
        lines.append("Sec-WebSocket-Protocol: %s" % ", ".join(protocols))
    lines.extend(extra_headers)
    sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
    buf = read_until(sock, lambda b: b"\r\n\r\n" in b, timeout)
    if b"\r\n\r\n" not in buf:
        raise IOError("no complete HTTP response to the upgrade (got %r)" % buf[:200])
    head, rest = buf.split(b"\r\n\r\n", 1)
    hl = head.decode("latin-1").split("\r\n")
    parts = hl[0].split(" ", 2)
    status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
    hdrs = {}
    for line in hl[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            hdrs[k.strip().lower()] = v.strip()
    if status == 101:
        want = base64.b64encode(hashlib.sha1(key.encode() + WS_GUID).digest()).decode()
        if hdrs.get("sec-websocket-accept") != want:
            raise IOError("bad Sec-WebSocket-Accept %r" % hdrs.get("sec-websocket-accept"))
    return sock, status, hdrs, rest


def ws_send(sock, payload, opcode=0x1, fin=True):
    """Send one masked client frame. payload: bytes or str."""
    if isinstance(payload, str):
        payload = payload.encode()
    b0 = (0x80 if fin else 0) | opcode
    n = len(payload)
    if n < 126:
        hdr = struct.pack("!BB", b0, 0x80 | n)
    elif n < 65536:
        hdr = struct.pack("!BBH", b0, 0x80 | 126, n)
    else:
        hdr = struct.pack("!BBQ", b0, 0x80 | 127, n)
    mask = os.urandom(4)
    masked = bytes(c ^ mask[i % 4] for i, c in enumerate(payload)) if n < 4096 else _mask_fast(payload, mask)
    sock.sendall(hdr + mask + masked)


def _mask_fast(payload, mask):
    m = int.from_bytes((mask * (len(payload) // 4 + 1))[: len(payload)], "big")
    return (int.from_bytes(payload, "big") ^ m).to_bytes(len(payload), "big")


class WsReader:
    """Incremental reader of server WebSocket frames."""

    def __init__(self, sock, leftover=b""):
        self.sock = sock
        self.buf = leftover
        self.closed = False

    def _fill(self, n, deadline):
        while len(self.buf) < n:
            left = deadline - time.monotonic()
            if left <= 0:
                raise socket.timeout()
            self.sock.settimeout(left)
            chunk = self.sock.recv(65536)
            if not chunk:
                self.closed = True
                raise EOFError()
            self.buf += chunk

    def recv(self, timeout):
        """Return (opcode, fin, payload) of the next frame; raises socket.timeout / EOFError."""
        deadline = time.monotonic() + timeout
        self._fill(2, deadline)
        b0, b1 = self.buf[0], self.buf[1]
        n = b1 & 0x7F
        off = 2
        if n == 126:
            self._fill(4, deadline)
            n = struct.unpack("!H", self.buf[2:4])[0]
            off = 4
        elif n == 127:
            self._fill(10, deadline)
            n = struct.unpack("!Q", self.buf[2:10])[0]
            off = 10
        if b1 & 0x80:
            off += 4  # server frames should not be masked; tolerate it anyway
        self._fill(off + n, deadline)
        payload = self.buf[off: off + n]
        if b1 & 0x80:
            mask = self.buf[off - 4: off]
            payload = bytes(c ^ mask[i % 4] for i, c in enumerate(payload))
        self.buf = self.buf[off + n:]
        return b0 & 0x0F, bool(b0 & 0x80), payload


# --------------------------------------------------------------------- probes
def probe_stomp(a):
    with socket.create_connection((a.target_host, a.port), timeout=a.timeout) as s:
        s.sendall(connect_frame(a.login, a.passcode, a.vhost))
        buf = read_until(s, lambda b: b"\x00" in b, a.timeout)
    if not buf.startswith(b"CONNECTED\n"):
        raise IOError("expected CONNECTED, got %r" % buf[:200])
    return buf.split(b"\n\n", 1)[0].decode(errors="replace").replace("\n", " ")


def probe_ws(a):
    sock, status, hdrs, rest = ws_connect(a.target_host, a.port, a.path, timeout=a.timeout)
    with sock:
        if status != 101:
            raise IOError("WebSocket upgrade answered HTTP %d" % status)
        ws_send(sock, connect_frame(a.login, a.passcode, a.vhost))
        rd = WsReader(sock, rest)
        deadline = time.monotonic() + a.timeout
        while True:
            op, _fin, payload = rd.recv(max(0.01, deadline - time.monotonic()))
            if op in (0x1, 0x2) and payload.strip(b"\r\n"):
                break
            if op == 0x8:
                raise IOError("server closed the WebSocket: %r" % payload)
        if not payload.startswith(b"CONNECTED\n"):
            raise IOError("expected CONNECTED over WS, got %r" % payload[:200])
    return "101 (protocol %s), %s" % (
        hdrs.get("sec-websocket-protocol", "-"),
        payload.split(b"\n\n", 1)[0].decode(errors="replace").replace("\n", " "))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("kind", choices=["stomp", "ws"])
    p.add_argument("target_host")
    p.add_argument("port", type=int)
    p.add_argument("path", nargs="?", default="/ws")
    p.add_argument("--login", default="guest")
    p.add_argument("--passcode", default="guest")
    p.add_argument("--host", dest="vhost", default="/")
    p.add_argument("--timeout", type=float, default=3.0)
    p.add_argument("-q", "--quiet", action="store_true")
    a = p.parse_args()
    try:
        info = probe_stomp(a) if a.kind == "stomp" else probe_ws(a)
    except (OSError, EOFError, ValueError) as e:
        if not a.quiet:
            print("not ready: %s: %s" % (type(e).__name__, e), file=sys.stderr)
        return 1
    if not a.quiet:
        print("ready: " + info)
    return 0


if __name__ == "__main__":
    sys.exit(main())
