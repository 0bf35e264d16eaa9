#!/usr/bin/env python3
"""Observe what a live STOMP broker does on the wire (python3 stdlib only).

Runs a list of small experiments against tcp://127.0.0.1:61613 and
ws://127.0.0.1:15674/ws and prints each one's transcript as Markdown:

    C> frame the client sent        S< frame the server sent
    -- what happened (closed / still open / timings)

Bytes are shown with LF as "␊", CR as "␍", NUL as "␀", other control bytes as
\\xNN; a backslash is shown as itself. Long bodies are abbreviated.

  observe.py                 run everything
  observe.py hb ws-          run experiments whose name starts with "hb" or "ws-"
  observe.py --list          list the experiment names
  --tcp HOST:PORT --ws HOST:PORT/PATH   other endpoints

The findings, with spec references, are summarised by hand in OBSERVED.md.
Destinations get a per-run random prefix (obs-<run>-) so runs do not see each other's
messages; the queues are deleted at the end (rabbitmqctl eval, as root) unless --keep.
"""
import argparse
import os
import socket
import sys
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from probe import WsReader, ws_connect, ws_send  # noqa: E402

TCP = ("127.0.0.1", 61613)
WS = ("127.0.0.1", 15674, "/ws")
LOGIN, PASSCODE, VHOST = "guest", "guest", "/"
RUN = uuid.uuid4().hex[:6]
OUT = []


def out(s=""):
    OUT.append(s)
    print(s, flush=True)


def vis(b, limit=400):
    """Visible rendering of bytes."""
    if isinstance(b, str):
        b = b.encode()
    more = ""
    if len(b) > limit:
        more = "…(%d bytes total)" % len(b)
        b = b[: limit - 60] + b"..." + b[-40:] if limit > 100 else b[:limit]
    s = []
    for ch in b.decode("utf-8", "backslashreplace"):
        c = ord(ch)
        if c == 10:
            s.append("␊")
        elif c == 13:
            s.append("␍")
        elif c == 0:
            s.append("␀")
        elif c < 32 or c == 127:
            s.append("\\x%02x" % c)
        else:
            s.append(ch)
    return "".join(s) + more


def q(name):
    return "/queue/obs-%s-%s" % (RUN, name)


def t(name):
    return "/topic/obs-%s-%s" % (RUN, name)


class Frame:
    def __init__(self, raw, command, headers, body):
        self.raw, self.command, self.headers, self.body = raw, command, headers, body

    def get(self, name, default=None):
        for k, v in self.headers:
            if k == name:
                return v
        return default

    def all(self, name):
        return [v for k, v in self.headers if k == name]

    def __repr__(self):
        return "<%s %r>" % (self.command, self.headers)


def parse_stream(buf):
    """Split server bytes into items: ('eol', bytes) or ('frame', Frame). Returns (items, rest).
    Honours content-length when present (the server side is trusted here)."""
    items = []
    while buf:
        if buf.startswith(b"\r\n"):
            items.append(("eol", b"\r\n")); buf = buf[2:]; continue
        if buf.startswith(b"\n"):
            items.append(("eol", b"\n")); buf = buf[1:]; continue
        end = buf.find(b"\n\n")
        end2 = buf.find(b"\r\n\r\n")
        if end < 0 and end2 < 0:
            break
        if end2 >= 0 and (end < 0 or end2 < end):
            head, body_start = buf[:end2], end2 + 4
        else:
            head, body_start = buf[:end], end + 2
        lines = head.replace(b"\r\n", b"\n").split(b"\n")
        command = lines[0].decode("utf-8", "replace")
        headers = []
        for line in lines[1:]:
            k, _, v = line.partition(b":")
            headers.append((k.decode("utf-8", "replace"), v.decode("utf-8", "replace")))
        clen = None
        for k, v in headers:
            if k == "content-length":
                try:
                    clen = int(v)
                except ValueError:
                    pass
                break
        if clen is not None:
            if len(buf) < body_start + clen + 1:
                break
            body = buf[body_start: body_start + clen]
            endpos = body_start + clen + 1
        else:
            nul = buf.find(b"\x00", body_start)
            if nul < 0:
                break
            body = buf[body_start:nul]
            endpos = nul + 1
        if buf[endpos:endpos + 1] == b"\n":  # the server's EOL right after NUL: show it with the frame
            endpos += 1
        items.append(("frame", Frame(buf[:endpos], command, headers, body)))
        buf = buf[endpos:]
    return items, buf


class Conn:
    """One client connection (tcp or ws) that logs everything it sends and receives."""

    def __init__(self, kind="tcp", protocols=("v12.stomp", "v11.stomp", "v10.stomp"), label=None, quiet=False):
        self.kind = kind
        self.label = label or kind
        self.closed = False
        self.close_info = None
        self.frames = []          # every frame received, in order
        self.taken = set()        # ids of frames already returned by expect()
        self.events = []          # (time, kind, payload) for timing analysis
        self.buf = b""
        self.quiet = quiet
        self.t0 = time.monotonic()
        if kind == "tcp":
            self.sock = socket.create_connection(TCP, timeout=3)
        else:
            self.sock, status, hdrs, rest = ws_connect(WS[0], WS[1], WS[2], protocols=protocols, timeout=3)
            self.ws_status, self.ws_headers = status, hdrs
            self.reader = WsReader(self.sock, rest)
            offer = "none" if protocols is None else ", ".join(protocols)
            self.log("-- WS upgrade offering [%s] -> HTTP %d, Sec-WebSocket-Protocol: %s"
                     % (offer, status, hdrs.get("sec-websocket-protocol", "(absent)")))
            if status != 101:
                self.closed = True

    def log(self, s):
        if not self.quiet:
            out("    " + s)

    def send(self, data, opcode=0x1, fin=True, note=""):
        if isinstance(data, str):
            data = data.encode()
        tag = ""
        if self.kind == "ws":
            tag = {0x1: "[text] ", 0x2: "[binary] ", 0x0: "[continuation] "}.get(opcode, "[op %d] " % opcode)
            if not fin:
                tag = tag[:-2] + ", fin=0] "
        self.log("C> %s%s%s" % (tag, vis(data), ("   " + note) if note else ""))
        try:
            if self.kind == "tcp":
                self.sock.sendall(data)
            else:
                ws_send(self.sock, data, opcode=opcode, fin=fin)
        except OSError as e:
            self.log("-- send failed: %s" % e)
            self.closed = True

    def _recv_some(self, timeout):
        """Receive once; returns list of new frames (also logs). Raises socket.timeout."""
        new = []
        if self.kind == "tcp":
            self.sock.settimeout(max(timeout, 0.001))
            try:
                chunk = self.sock.recv(1 << 20)
            except ConnectionResetError:
                chunk = b""
                self.close_info = "reset"
            if not chunk:
                raise EOFError()
            now = time.monotonic()
            self.buf += chunk
            items, self.buf = parse_stream(self.buf)
            for kind, it in items:
                self.events.append((now, kind, it))
                if kind == "eol":
                    self.log("S< %s   (+%d ms)" % (vis(it), (now - self.t0) * 1000)) if self.show_eol else None
                else:
                    self.log("S< " + vis(it.raw))
                    self.frames.append(it)
                    new.append(it)
        else:
            try:
                op, fin, payload = self.reader.recv(max(timeout, 0.001))
            except ConnectionResetError:
                self.close_info = "reset"
                raise EOFError()
            now = time.monotonic()
            tag = {0x1: "text", 0x2: "binary", 0x0: "continuation", 0x8: "close", 0x9: "ping", 0xA: "pong"}.get(op, "op %d" % op)
            if op == 0x8:
                code = int.from_bytes(payload[:2], "big") if len(payload) >= 2 else None
                self.log("S< [close %s %r]" % (code, payload[2:].decode("utf-8", "replace")))
                self.close_info = "ws close %s %r" % (code, payload[2:].decode("utf-8", "replace"))
                self.events.append((now, "close", payload))
                raise EOFError()
            if op == 0x9:
                self.log("S< [ping]")
                return new
            self.buf += payload
            items, self.buf = parse_stream(self.buf)
            show = (self.show_eol or any(k == "frame" for k, _ in items) or not items)
            if show:
                self.log("S< [%s%s] %s%s" % (tag, "" if fin else ", fin=0", vis(payload),
                                            ("   (+%d ms)" % ((now - self.t0) * 1000)) if not any(k == "frame" for k, _ in items) else ""))
            for kind, it in items:
                self.events.append((now, kind, it))
                if kind == "frame":
                    self.frames.append(it)
                    new.append(it)
        return new

    show_eol = True

    def read(self, until=None, timeout=2.0, silence=0.3):
        """Read frames. With `until` (predicate on a frame): stop at the first match or timeout.
        Without: stop after `silence` s with no data once something arrived, or at timeout.
        Returns the list of frames read in this call."""
        got = []
        deadline = time.monotonic() + timeout
        last = None
        while not self.closed:
            now = time.monotonic()
            if now >= deadline:
                break
            wait = deadline - now
            if until is None and last is not None:
                wait = min(wait, last + silence - now)
                if wait <= 0:
                    break
            try:
                new = self._recv_some(wait)
            except socket.timeout:
                if until is None and last is not None:
                    break
                continue
            except EOFError:
                self.closed = True
                self.log("-- connection closed by server (%s, +%d ms)" % (
                    self.close_info or "EOF", (time.monotonic() - self.t0) * 1000))
                break
            got.extend(new)
            last = time.monotonic()
            if until is not None and any(until(f) for f in new):
                break
        return got

    def expect(self, command=None, timeout=2.0, **hdr):
        """Return the first not-yet-expected frame with this command (and header values), reading
        until one arrives or timeout; None if none."""
        def match(f):
            return (command is None or f.command == command) and all(f.get(k.replace("_", "-")) == v for k, v in hdr.items())
        for f in self.frames:
            if match(f) and id(f) not in self.taken:
                self.taken.add(id(f))
                return f
        got = self.read(until=match, timeout=timeout)
        for f in got:
            if match(f) and id(f) not in self.taken:
                self.taken.add(id(f))
                return f
        return None

    def check_open(self, wait=1.5):
        """Wait up to `wait` s for the server to close; logs the outcome. Returns True if still open."""
        if not self.closed:
            self.read(until=lambda f: False, timeout=wait)
        if not self.closed:
            self.log("-- connection still open after %d ms" % (wait * 1000))
            return True
        return False

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def frame(command, headers=(), body=b"", eol="\n", nul=True):
    if isinstance(body, str):
        body = body.encode()
    head = command + eol + "".join("%s:%s%s" % (k, v, eol) for k, v in headers) + eol
    return head.encode() + body + (b"\x00" if nul else b"")


def connect(kind="tcp", version="1.2", heart_beat="0,0", command="CONNECT", login=LOGIN, passcode=PASSCODE,
            host=VHOST, protocols=("v12.stomp", "v11.stomp", "v10.stomp"), quiet_connect=False, extra=()):
    c = Conn(kind, protocols=protocols)
    h = []
    if version is not None:
        h.append(("accept-version", version))
    if host is not None:
        h.append(("host", host))
    if login is not None:
        h.append(("login", login))
    if passcode is not None:
        h.append(("passcode", passcode))
    if heart_beat is not None:
        h.append(("heart-beat", heart_beat))
    h.extend(extra)
    if quiet_connect:
        c.quiet = True
    c.send(frame(command, h))
    c.connected = c.expect(timeout=3)
    c.quiet = False
    if quiet_connect and c.connected is not None:
        c.log("(connected: %s version %s)" % (c.connected.command, c.connected.get("version")))
    return c


def connect_frame_bytes(version="1.2", host=VHOST, login=LOGIN, passcode=PASSCODE, heart_beat="0,0"):
    return frame("CONNECT", [("accept-version", version), ("host", host), ("login", login), ("passcode", passcode),
                             ("heart-beat", heart_beat)])


EXPERIMENTS = []


def experiment(name, title):
    def deco(fn):
        EXPERIMENTS.append((name, title, fn))
        return fn
    return deco


def section(name, title):
    out()
    out("### %s — %s" % (name, title))
    out()


def note(s):
    out("    == " + s)


# ====================================================================== connect
@experiment("connect-versions", "version negotiation (1.2 §Protocol Negotiation, 1.1 §Protocol Negotiation)")
def _():
    for v in ["1.0", "1.1", "1.2", "1.1,1.2", "1.0,1.1,2.0", None, "2.0", "1.3,2.0", ""]:
        out("  accept-version: %s" % ("(absent)" if v is None else repr(v)))
        c = connect(version=v)
        c.check_open(1.0)
        c.close()


@experiment("connect-stomp-command", "STOMP instead of CONNECT (1.2 §CONNECT or STOMP Frame)")
def _():
    for v in ["1.2", "1.1", None]:
        c = connect(command="STOMP", version=v)
        c.check_open(0.5)
        c.close()


@experiment("connect-auth", "wrong passcode, unknown user, no login (1.2 §Connecting)")
def _():
    for login, pw in [("guest", "wrong"), ("nosuchuser", "x"), (None, None), ("guest", None)]:
        out("  login=%r passcode=%r" % (login, pw))
        c = connect(login=login, passcode=pw)
        c.check_open(1.0)
        c.close()


@experiment("connect-host", "host header: '/', unknown vhost, absent (1.2 §CONNECT or STOMP Frame)")
def _():
    for h in ["/", "nosuchvhost", "localhost", None]:
        out("  host=%r" % h)
        c = connect(host=h)
        c.check_open(1.0)
        c.close()


@experiment("connect-heartbeat-values", "CONNECTED heart-beat for various CONNECT heart-beat (1.2 §Heart-beating)")
def _():
    for hb in ["0,0", "0,500", "500,0", "1000,1000", "10,10", "1500,2500", "0,1001", None, "abc", "1,2,3", " 0, 500"]:
        out("  heart-beat=%r" % hb)
        c = connect(heart_beat=hb)
        c.check_open(0.3)
        c.close()


@experiment("connect-twice", "a second CONNECT on a connected session")
def _():
    c = connect()
    c.send(frame("CONNECT", [("accept-version", "1.2"), ("host", "/"), ("login", LOGIN), ("passcode", PASSCODE)]))
    c.read(timeout=1.0)
    c.check_open(0.5)
    c.close()


@experiment("frame-before-connect", "a frame before CONNECT (1.2 §Connecting)")
def _():
    for fr in [frame("SEND", [("destination", q("pre"))], "x"), frame("SUBSCRIBE", [("destination", q("pre")), ("id", "0")]),
               frame("DISCONNECT", [("receipt", "r1")])]:
        c = Conn("tcp")
        c.send(fr)
        c.read(timeout=1.5)
        c.check_open(0.5)
        c.close()


# ======================================================================== frames
@experiment("send-no-destination", "SEND without destination (1.2 §SEND: destination REQUIRED)")
def _():
    c = connect()
    c.send(frame("SEND", [("receipt", "r1")], "x"))
    c.read(timeout=1.5)
    c.check_open(1.0)
    c.close()


@experiment("subscribe-no-id", "SUBSCRIBE without id at 1.0 / 1.1 / 1.2 (1.2 §SUBSCRIBE id Header)")
def _():
    for v in ["1.0", "1.1", "1.2"]:
        out("  version %s" % v)
        c = connect(version=v, quiet_connect=True)
        d = q("noid" + v)
        c.send(frame("SUBSCRIBE", [("destination", d), ("receipt", "r-sub")]))
        c.read(timeout=1.0)
        if not c.closed:
            c.send(frame("SEND", [("destination", d)], "hello"))
            c.read(timeout=1.0)
        c.check_open(0.5)
        c.close()


@experiment("subscribe-no-destination", "SUBSCRIBE without destination")
def _():
    c = connect(quiet_connect=True)
    c.send(frame("SUBSCRIBE", [("id", "0"), ("receipt", "r1")]))
    c.read(timeout=1.0)
    c.check_open(0.5)
    c.close()


@experiment("subscribe-duplicate-id", "two SUBSCRIBEs with the same id")
def _():
    c = connect(quiet_connect=True)
    c.send(frame("SUBSCRIBE", [("id", "0"), ("destination", q("dup1")), ("receipt", "r1")]))
    c.expect("RECEIPT")
    c.send(frame("SUBSCRIBE", [("id", "0"), ("destination", q("dup2")), ("receipt", "r2")]))
    c.read(timeout=1.0)
    c.check_open(0.5)
    c.close()


@experiment("unsubscribe-unknown", "UNSUBSCRIBE an id that is not subscribed; UNSUBSCRIBE without id")
def _():
    c = connect(quiet_connect=True)
    c.send(frame("UNSUBSCRIBE", [("id", "nope"), ("receipt", "r1")]))
    c.read(timeout=1.0)
    c.check_open(0.5)
    c.close()
    c = connect(quiet_connect=True)
    c.send(frame("UNSUBSCRIBE", [("receipt", "r2")]))
    c.read(timeout=1.0)
    c.check_open(0.5)
    c.close()


def sub_and_send(version, send_headers, body, ack="auto", dest=None, sub_extra=(), quiet=True, kind="tcp"):
    c = connect(kind=kind, version=version, quiet_connect=True)
    dest = dest or q("m")
    sub = [("destination", dest), ("ack", ack), ("receipt", "r-sub")] + list(sub_extra)
    if version != "1.0" or True:
        sub.insert(0, ("id", "s1"))
    c.send(frame("SUBSCRIBE", sub))
    c.expect("RECEIPT")
    c.send(frame("SEND", [("destination", dest)] + list(send_headers), body))
    m = c.expect("MESSAGE")
    return c, m


@experiment("message-headers", "MESSAGE headers per version/ack mode (1.2 §MESSAGE, §Header content-length)")
def _():
    for v, ack in [("1.0", "auto"), ("1.1", "auto"), ("1.1", "client"), ("1.2", "auto"), ("1.2", "client"),
                   ("1.2", "client-individual")]:
        out("  version %s, ack:%s" % (v, ack))
        c, m = sub_and_send(v, [("content-type", "text/plain"), ("x-custom", "v1")], "hello", ack=ack,
                            dest=q("mh-%s-%s" % (v, ack)))
        c.close()
    out("  SEND without content-type / content-length")
    c, m = sub_and_send("1.2", [], "plain", dest=q("mh-nohdr"))
    c.close()
    out("  SEND with content-length")
    c, m = sub_and_send("1.2", [("content-length", "5")], "abcde", dest=q("mh-cl"))
    c.close()
    out("  SEND with empty body and no headers")
    c, m = sub_and_send("1.2", [], "", dest=q("mh-empty"))
    c.close()


@experiment("message-destination-encoding", "destination with special characters in MESSAGE (1.2 §MESSAGE)")
def _():
    for suffix in ["a.b_c-d~e", "a%b", "a:b", "a b", "ä", "a/b"]:
        out("  destination suffix %r" % suffix)
        d = q("dst-") + suffix
        c = connect(quiet_connect=True)
        c.send(frame("SUBSCRIBE", [("id", "s1"), ("destination", d.replace(":", "\\c")), ("receipt", "r-sub")]))
        f = c.read(until=lambda f: f.command in ("RECEIPT", "ERROR"), timeout=1.5)
        if not c.closed:
            c.send(frame("SEND", [("destination", d.replace(":", "\\c"))], "x"))
            c.expect("MESSAGE", timeout=1.5)
        c.close()
    out("  topic")
    c, m = sub_and_send("1.2", [], "x", dest=t("tp.a"))
    c.close()


@experiment("repeated-headers", "repeated header on SEND: which value is delivered (1.2 §Repeated Header Entries)")
def _():
    c, m = sub_and_send("1.2", [("foo", "first"), ("foo", "second")], "x", dest=q("rep"))
    c.close()
    out("  repeated destination (first to queue A, second to queue B)")
    c = connect(quiet_connect=True)
    a, b = q("repA"), q("repB")
    c.send(frame("SUBSCRIBE", [("id", "a"), ("destination", a), ("receipt", "ra")]))
    c.expect("RECEIPT")
    c.send(frame("SUBSCRIBE", [("id", "b"), ("destination", b), ("receipt", "rb")]))
    c.expect("RECEIPT")
    c.send(frame("SEND", [("destination", a), ("destination", b)], "which"))
    c.read(timeout=1.0)
    c.close()
    out("  repeated content-length (first 3, second 5)")
    c, m = sub_and_send("1.2", [("content-length", "3"), ("content-length", "5")], "abc", dest=q("repcl"))
    if not c.closed:
        c.check_open(0.5)
    c.close()


@experiment("header-escapes", "header escaping \\c \\n \\\\ \\r on SEND, as delivered in MESSAGE (1.2 §Value Encoding)")
def _():
    for v in ["1.2", "1.1", "1.0"]:
        out("  version %s: SEND k:a\\cb\\nc\\\\d\\re" % v)
        c, m = sub_and_send(v, [("k", "a\\cb\\nc\\\\d\\re")], "x", dest=q("esc" + v))
        c.close()
    out("  raw colon in a header value (k:a:b) at 1.2")
    c, m = sub_and_send("1.2", [("k", "a:b")], "x", dest=q("esc-colon"))
    c.close()
    out("  escape in a header NAME (k\\cx:v) at 1.2")
    c, m = sub_and_send("1.2", [("k\\cx", "v")], "x", dest=q("esc-name"))
    c.close()


@experiment("header-bad-escape", "undefined escape \\t, trailing backslash (1.2 §Value Encoding: fatal)")
def _():
    for v, val in [("1.2", "a\\tb"), ("1.1", "a\\tb"), ("1.0", "a\\tb"), ("1.2", "ab\\")]:
        out("  version %s: SEND k:%s" % (v, val))
        c = connect(version=v, quiet_connect=True)
        c.send(frame("SEND", [("destination", q("badesc")), ("k", val), ("receipt", "r1")], "x"))
        c.read(timeout=1.5)
        c.check_open(1.0)
        c.close()
    out("  CONNECT with an escape in passcode (\\c) at 1.2")
    c = connect(passcode="gu\\cest")
    c.check_open(0.5)
    c.close()


@experiment("header-no-colon", "a header line without a colon (1.2 §Augmented BNF)")
def _():
    c = connect(quiet_connect=True)
    c.send(b"SEND\ndestination:" + q("nocolon").encode() + b"\nnocolonhere\nreceipt:r1\n\nx\x00")
    c.read(timeout=1.5)
    c.check_open(1.0)
    c.close()


@experiment("header-whitespace", "spaces around header names/values (1.2 §Value Encoding: never trim)")
def _():
    for v in ["1.2", "1.0"]:
        out("  version %s" % v)
        c, m = sub_and_send(v, [(" sp", " v "), ("tr", "x ")], "x", dest=q("ws" + v))
        c.close()


@experiment("unknown-command", "unknown command (1.2 §ERROR: MUST close after ERROR)")
def _():
    for cmd in ["FOO", "send"]:
        c = connect(quiet_connect=True)
        c.send(frame(cmd, [("destination", q("unk")), ("receipt", "r1")], "x" if cmd == "send" else ""))
        c.read(timeout=1.5)
        c.check_open(1.5)
        if not c.closed:
            out("    (still usable? SEND with receipt)")
            c.send(frame("SEND", [("destination", q("unk2")), ("receipt", "r2")], "y"))
            c.read(timeout=1.0)
        c.close()


@experiment("content-length-bad", "bad content-length values (1.2 §Header content-length)")
def _():
    cases = [
        ("non-numeric", frame("SEND", [("destination", q("cl")), ("content-length", "abc"), ("receipt", "r1")], "hello")),
        ("negative", frame("SEND", [("destination", q("cl")), ("content-length", "-1"), ("receipt", "r1")], "hello")),
        ("too short (3 for 'hello', byte at 3 is not NUL)", frame("SEND", [("destination", q("cl")), ("content-length", "3"), ("receipt", "r1")], "hello")),
        ("too long (10 for 'hello', then 4 more bytes+NUL arrive later)", None),
    ]
    for label, fr in cases:
        out("  content-length " + label)
        c = connect(quiet_connect=True)
        c.send(frame("SUBSCRIBE", [("id", "s"), ("destination", q("cl")), ("receipt", "r-sub")]))
        c.expect("RECEIPT")
        if fr is not None:
            c.send(fr)
            c.read(timeout=1.5)
        else:
            c.send(b"SEND\ndestination:" + q("cl").encode() + b"\ncontent-length:10\nreceipt:r1\n\nhello\x00")
            c.read(timeout=1.0)
            c.send(b"WORL\x00")
            c.read(timeout=1.0)
        c.check_open(0.8)
        c.close()
    out("  content-length on a frame that has no body (SUBSCRIBE content-length:0)")
    c = connect(quiet_connect=True)
    c.send(frame("SUBSCRIBE", [("id", "s"), ("destination", q("cl0")), ("content-length", "0"), ("receipt", "r1")]))
    c.read(timeout=1.0)
    c.close()
    out("  body on a frame that must not have one (SUBSCRIBE with body 'junk')")
    c = connect(quiet_connect=True)
    c.send(frame("SUBSCRIBE", [("id", "s"), ("destination", q("clb")), ("receipt", "r1")], "junk"))
    c.read(timeout=1.0)
    c.check_open(0.5)
    c.close()


@experiment("crlf", "CRLF line endings (1.2 §STOMP Frames: EOL = optional CR + LF; not in 1.1)")
def _():
    for v in ["1.2", "1.1", "1.0"]:
        out("  version %s, whole SUBSCRIBE+SEND with CRLF" % v)
        c = connect(version=v, quiet_connect=True)
        d = q("crlf" + v)
        c.send(frame("SUBSCRIBE", [("id", "s"), ("destination", d), ("receipt", "r-sub")], eol="\r\n"))
        c.read(until=lambda f: f.command in ("RECEIPT", "ERROR"), timeout=1.5)
        if not c.closed:
            c.send(frame("SEND", [("destination", d), ("k", "v")], "body\r\n", eol="\r\n"))
            c.read(timeout=1.5)
        c.check_open(0.5)
        c.close()
    out("  CONNECT itself with CRLF")
    c = Conn("tcp")
    c.send(frame("CONNECT", [("accept-version", "1.2"), ("host", "/"), ("login", LOGIN), ("passcode", PASSCODE)], eol="\r\n"))
    c.read(timeout=1.5)
    c.close()
    out("  bare CR inside a header value (k:a\\rb raw CR) at 1.2")
    c = connect(quiet_connect=True)
    c.send(b"SEND\ndestination:" + q("cr").encode() + b"\nk:a\rb\nreceipt:r1\n\nx\x00")
    c.read(timeout=1.5)
    c.check_open(0.5)
    c.close()
    out("  EOLs (LF and CRLF) before a frame, as client heart-beats")
    c = connect(quiet_connect=True)
    c.send(b"\n\r\n\n" + frame("SEND", [("destination", q("eol")), ("receipt", "r1")], "x"))
    c.read(timeout=1.5)
    c.close()


@experiment("body-nul", "NUL octets in the body with content-length (1.2 §Header content-length)")
def _():
    c, m = sub_and_send("1.2", [("content-length", "7")], b"ab\x00cd\x00e", dest=q("nul"))
    if m is not None:
        note("delivered body = %r (len %d)" % (m.body, len(m.body)))
    c.close()
    out("  same without content-length (body is cut at the first NUL; rest is garbage)")
    c, m = sub_and_send("1.2", [], b"ab\x00cd", dest=q("nul2"))
    c.read(timeout=1.0)
    c.check_open(0.5)
    c.close()


@experiment("body-large", "large bodies: 1 MiB, 4 MiB, 16 MiB (1.2 §Size Limits)")
def _():
    for size in [1 << 20, 4 << 20, 16 << 20]:
        out("  body of %d bytes" % size)
        c = connect(quiet_connect=True)
        d = q("big%d" % size)
        c.send(frame("SUBSCRIBE", [("id", "s"), ("destination", d), ("receipt", "r-sub")]))
        c.expect("RECEIPT")
        body = (b"0123456789abcdef" * (size // 16 + 1))[:size]
        c.quiet = True
        t0 = time.monotonic()
        c.sock.sendall(frame("SEND", [("destination", d), ("receipt", "r-send")], body))
        c.quiet = False
        c.log("C> SEND␊destination:%s␊receipt:r-send␊␊<%d bytes>␀" % (d, size))
        got = c.read(until=lambda f: f.command in ("MESSAGE", "ERROR"), timeout=20)
        for f in got:
            if f.command == "MESSAGE":
                note("MESSAGE body %d bytes, equal=%s, after %d ms" % (len(f.body), f.body == body, (time.monotonic() - t0) * 1000))
        c.check_open(0.3)
        c.close()


@experiment("error-close-delay", "after which ERRORs does the server close, and how soon? (1.2 §ERROR: MUST close)")
def _():
    """All cases run side by side; each connection is watched for up to 13 s after its ERROR."""
    cases = [
        ("CONNECT wrong passcode", None, connect_frame_bytes(passcode="wrong")),
        ("CONNECT accept-version:2.0", None, connect_frame_bytes(version="2.0")),
        ("CONNECT unknown vhost", None, connect_frame_bytes(host="nosuchvhost")),
        ("CONNECT heart-beat:abc", None, connect_frame_bytes(heart_beat="abc")),
        ("SEND before CONNECT", None, frame("SEND", [("destination", "/queue/x")], "x")),
        ("second CONNECT", "ok", connect_frame_bytes()),
        ("SEND without destination", "ok", frame("SEND", [], "x")),
        ("unknown command FOO", "ok", frame("FOO")),
        ("SUBSCRIBE invalid destination /queue/a/b", "ok", frame("SUBSCRIBE", [("id", "s"), ("destination", "/queue/a/b")])),
        ("SUBSCRIBE destination /nosuchprefix/x", "ok", frame("SUBSCRIBE", [("id", "s"), ("destination", "/nosuchprefix/x")])),
        ("ACK unknown id", "ok", frame("ACK", [("id", "nonexistent")])),
        ("COMMIT unknown transaction", "ok", frame("COMMIT", [("transaction", "nope")])),
        ("UNSUBSCRIBE unknown id", "ok", frame("UNSUBSCRIBE", [("id", "nope")])),
    ]
    conns = []
    for label, pre, fr in cases:
        c = connect(quiet_connect=True) if pre else Conn("tcp", quiet=True)
        c.quiet = True
        c.send(fr)
        conns.append((label, c, time.monotonic()))
    deadline = time.monotonic() + 13
    while time.monotonic() < deadline and not all(c.closed for _, c, _ in conns):
        for _, c, _ in conns:
            if not c.closed:
                c.read(until=lambda f: False, timeout=0.01)
        for _, c, _ in conns:
            if c.closed and not hasattr(c, "closed_at"):
                c.closed_at = time.monotonic()
    for label, c, t0 in conns:
        err = [f for f in c.frames if f.command == "ERROR"]
        what = ("ERROR message:%s" % err[0].get("message")) if err else "no ERROR"
        if c.closed:
            note("%-42s %s; closed after %d ms" % (label, what, (c.closed_at - t0) * 1000))
        else:
            note("%-42s %s; still open after 13 s" % (label, what))
        c.close()


# ====================================================================== receipts
@experiment("receipts", "receipt on every client frame (1.2 §Header receipt, §RECEIPT)")
def _():
    c = connect(version="1.2", quiet_connect=True)
    d = q("rcpt")
    c.send(frame("SUBSCRIBE", [("id", "s"), ("destination", d), ("ack", "client-individual"), ("receipt", "r-subscribe")]))
    c.expect("RECEIPT")
    c.send(frame("SEND", [("destination", d), ("receipt", "r-send")], "one"))
    c.read(until=lambda f: f.command == "MESSAGE", timeout=1.5)
    c.read(timeout=0.5)
    m = [f for f in c.frames if f.command == "MESSAGE"][-1]
    c.send(frame("ACK", [("id", m.get("ack")), ("receipt", "r-ack")]))
    c.expect("RECEIPT")
    c.send(frame("SEND", [("destination", d)], "two"))
    m2 = c.expect("MESSAGE")
    c.send(frame("NACK", [("id", m2.get("ack")), ("requeue", "false"), ("receipt", "r-nack")]))
    c.expect("RECEIPT")
    c.send(frame("BEGIN", [("transaction", "tx1"), ("receipt", "r-begin")]))
    c.expect("RECEIPT")
    c.send(frame("COMMIT", [("transaction", "tx1"), ("receipt", "r-commit")]))
    c.expect("RECEIPT")
    c.send(frame("BEGIN", [("transaction", "tx2"), ("receipt", "r-begin2")]))
    c.expect("RECEIPT")
    c.send(frame("ABORT", [("transaction", "tx2"), ("receipt", "r-abort")]))
    c.expect("RECEIPT")
    c.send(frame("UNSUBSCRIBE", [("id", "s"), ("receipt", "r-unsubscribe")]))
    c.expect("RECEIPT")
    c.send(frame("DISCONNECT", [("receipt", "r-disconnect")]))
    c.read(timeout=1.0)
    c.check_open(1.0)
    c.close()
    out("  receipt on a failing frame (SEND without destination, receipt:r-bad)")
    c = connect(quiet_connect=True)
    c.send(frame("SEND", [("receipt", "r-bad")], "x"))
    c.read(timeout=1.0)
    c.close()
    out("  DISCONNECT without receipt")
    c = connect(quiet_connect=True)
    c.send(frame("DISCONNECT"))
    c.read(timeout=1.0)
    c.check_open(1.0)
    c.close()


# ========================================================================= acks
def consume(version, ack, dest, n, sub_id="s", quiet=False):
    c = connect(version=version, quiet_connect=True)
    hdr = [("id", sub_id), ("destination", dest), ("ack", ack), ("receipt", "r-sub")]
    c.send(frame("SUBSCRIBE", hdr))
    c.expect("RECEIPT")
    return c


def fill(dest, bodies):
    p = connect(quiet_connect=True)
    p.quiet = True
    for i, b in enumerate(bodies):
        p.send(frame("SEND", [("destination", dest), ("receipt", "p%d" % i)], b))
        p.expect("RECEIPT")
    p.send(frame("DISCONNECT", [("receipt", "bye")]))
    p.expect("RECEIPT")
    p.close()
    out("    (producer sent %d messages to %s: %s)" % (len(bodies), dest, ", ".join(map(str, bodies))))


@experiment("ack-1.1-vs-1.2", "ACK headers: 1.1 message-id(+subscription) vs 1.2 id (1.1 §ACK, 1.2 §ACK)")
def _():
    for v in ["1.1", "1.2", "1.0"]:
        d = q("ackv" + v)
        fill(d, ["m1"])
        out("  version %s, client-individual" % v)
        c = consume(v, "client-individual", d, 1)
        m = c.expect("MESSAGE")
        if m is None:
            c.close(); continue
        mid, ackid = m.get("message-id"), m.get("ack")
        if v == "1.2":
            out("    (a) 1.1-style ACK (message-id+subscription, no id) at 1.2")
            c.send(frame("ACK", [("message-id", mid), ("subscription", "s"), ("receipt", "r-a")]))
            c.read(timeout=1.0)
            if c.closed:
                c = consume(v, "client-individual", d, 1); m = c.expect("MESSAGE"); ackid = m.get("ack") if m else ackid
            out("    (b) 1.2-style ACK (id)")
            c.send(frame("ACK", [("id", ackid), ("receipt", "r-b")]))
            c.read(timeout=1.0)
        else:
            if v == "1.1":
                out("    (0) 1.2-style ACK (id only) at 1.1")
                c.send(frame("ACK", [("id", mid), ("receipt", "r-0")]))
                c.read(timeout=1.0)
                out("    (0b) ACK with message-id but no subscription at 1.1")
                c.send(frame("ACK", [("message-id", mid), ("receipt", "r-0b")]))
                c.read(timeout=1.0)
                out("    (c) the same message ACKed again, with message-id+subscription (already acked by (0b))")
                c.send(frame("ACK", [("message-id", mid), ("subscription", "s"), ("receipt", "r-c")]))
                c.read(timeout=1.0)
                c.close()
                out("    queue afterwards:")
                c = consume(v, "auto", d, 1)
                c.read(timeout=0.8)
                c.close()
                continue
            out("    (a) ACK with message-id+subscription")
            c.send(frame("ACK", [("message-id", mid), ("subscription", "s"), ("receipt", "r-a")]))
            c.read(timeout=1.0)
        c.close()
        out("    queue afterwards:")
        c = consume(v, "auto", d, 1)
        c.read(timeout=0.8)
        c.close()


@experiment("ack-unknown-id", "ACK / NACK with an id that does not exist (1.2 §ACK)")
def _():
    c = connect(quiet_connect=True)
    c.send(frame("SUBSCRIBE", [("id", "s"), ("destination", q("ackunk")), ("ack", "client"), ("receipt", "r-sub")]))
    c.expect("RECEIPT")
    c.send(frame("ACK", [("id", "nonexistent"), ("receipt", "r1")]))
    c.read(timeout=1.0)
    c.check_open(0.5)
    c.close()
    c = connect(quiet_connect=True)
    c.send(frame("ACK", [("receipt", "r2")]))
    c.read(timeout=1.0)
    c.check_open(0.5)
    c.close()
    out("  NACK with an unknown id")
    c = connect(quiet_connect=True)
    c.send(frame("NACK", [("id", "nonexistent"), ("receipt", "r3")]))
    c.read(timeout=1.0)
    c.check_open(0.5)
    c.close()
    out("  ACK of a real message twice (1.2, client-individual)")
    d = q("acktwice")
    fill(d, ["t1"])
    c = consume("1.2", "client-individual", d, 1)
    m = c.expect("MESSAGE")
    c.send(frame("ACK", [("id", m.get("ack")), ("receipt", "r-1")]))
    c.expect("RECEIPT")
    c.send(frame("ACK", [("id", m.get("ack")), ("receipt", "r-2")]))
    c.read(timeout=1.5)
    c.check_open(0.5)
    c.close()


@experiment("ack-client-cumulative", "client mode: ACK of the 2nd of 3 acks 1 and 2 (1.2 §SUBSCRIBE ack Header)")
def _():
    d = q("cum")
    fill(d, ["m1", "m2", "m3"])
    c = consume("1.2", "client", d, 3)
    c.read(until=lambda f: len([x for x in c.frames if x.command == "MESSAGE"]) >= 3, timeout=2)
    ms = [f for f in c.frames if f.command == "MESSAGE"]
    c.send(frame("ACK", [("id", ms[1].get("ack")), ("receipt", "r-ack")]))
    c.expect("RECEIPT")
    c.close()
    out("  after disconnect, a new consumer gets:")
    c = consume("1.2", "auto", d, 1)
    c.read(timeout=1.0)
    c.close()


@experiment("nack-requeue", "NACK: requeue, redelivered header; client-individual vs client (1.2 §NACK)")
def _():
    d = q("nack")
    fill(d, ["n1"])
    out("  client-individual, NACK (default requeue)")
    c = consume("1.2", "client-individual", d, 1)
    m = c.expect("MESSAGE")
    c.send(frame("NACK", [("id", m.get("ack")), ("receipt", "r-nack")]))
    m2 = c.read(until=lambda f: f.command == "MESSAGE", timeout=2)
    c.read(timeout=0.5)
    ms = [f for f in c.frames if f.command == "MESSAGE"]
    if len(ms) >= 2:
        c.send(frame("NACK", [("id", ms[-1].get("ack")), ("requeue", "false"), ("receipt", "r-nack2")]))
        c.read(timeout=1.0)
    c.close()
    out("  queue after NACK requeue:false:")
    c = consume("1.2", "auto", d, 1)
    c.read(timeout=0.8)
    c.close()
    d = q("nackc")
    fill(d, ["c1", "c2", "c3"])
    out("  client mode, NACK of the 2nd of 3 (requeue:false): which go away?")
    c = consume("1.2", "client", d, 3)
    c.read(until=lambda f: len([x for x in c.frames if x.command == "MESSAGE"]) >= 3, timeout=2)
    ms = [f for f in c.frames if f.command == "MESSAGE"]
    c.send(frame("NACK", [("id", ms[1].get("ack")), ("requeue", "false"), ("receipt", "r-nack")]))
    c.read(timeout=1.0)
    c.close()
    out("  queue afterwards:")
    c = consume("1.2", "auto", d, 1)
    c.read(timeout=0.8)
    c.close()
    out("  NACK at 1.0 (NACK is not a 1.0 command)")
    d = q("nack10")
    fill(d, ["z1"])
    c = consume("1.0", "client", d, 1)
    m = c.expect("MESSAGE")
    c.send(frame("NACK", [("message-id", m.get("message-id")), ("receipt", "r-n10")]))
    c.read(timeout=1.0)
    c.check_open(0.5)
    c.close()


@experiment("unacked-redelivery", "unacked messages at disconnect are redelivered (1.2 §SUBSCRIBE ack Header)")
def _():
    d = q("unacked")
    fill(d, ["u1"])
    c = consume("1.2", "client-individual", d, 1)
    c.expect("MESSAGE")
    c.send(frame("DISCONNECT", [("receipt", "bye")]))
    c.read(timeout=1.0)
    c.close()
    out("  next consumer (client-individual):")
    c = consume("1.2", "client-individual", d, 1)
    m = c.expect("MESSAGE")
    out("  abrupt close (no DISCONNECT) without ack, then next consumer:")
    c.close()
    time.sleep(0.3)
    c = consume("1.2", "auto", d, 1)
    c.read(timeout=1.0)
    c.close()


@experiment("prefetch", "prefetch-count on SUBSCRIBE (RabbitMQ extension)")
def _():
    d = q("prefetch")
    fill(d, ["p1", "p2", "p3"])
    c = connect(quiet_connect=True)
    c.send(frame("SUBSCRIBE", [("id", "s"), ("destination", d), ("ack", "client-individual"), ("prefetch-count", "1"), ("receipt", "r-sub")]))
    c.expect("RECEIPT")
    c.read(timeout=1.0)
    ms = [f for f in c.frames if f.command == "MESSAGE"]
    note("%d message(s) delivered before any ACK with prefetch-count:1" % len(ms))
    if ms:
        c.send(frame("ACK", [("id", ms[0].get("ack"))]))
        c.read(timeout=1.0)
    c.close()


# ================================================================= transactions
@experiment("transactions", "SEND in a transaction held until COMMIT, discarded on ABORT (1.2 §BEGIN/§COMMIT/§ABORT)")
def _():
    d = q("tx")
    c = consume("1.2", "auto", d, 1)
    c.send(frame("BEGIN", [("transaction", "t1")]))
    c.send(frame("SEND", [("destination", d), ("transaction", "t1")], "in-t1"))
    got = c.read(timeout=1.0)
    note("before COMMIT: %d MESSAGE" % len([f for f in got if f.command == "MESSAGE"]))
    c.send(frame("COMMIT", [("transaction", "t1"), ("receipt", "r-commit")]))
    c.read(until=lambda f: f.command == "MESSAGE", timeout=1.5)
    c.read(timeout=0.3)
    c.send(frame("BEGIN", [("transaction", "t2")]))
    c.send(frame("SEND", [("destination", d), ("transaction", "t2")], "in-t2"))
    c.send(frame("ABORT", [("transaction", "t2"), ("receipt", "r-abort")]))
    got = c.read(timeout=1.0)
    note("after ABORT: %d MESSAGE" % len([f for f in got if f.command == "MESSAGE"]))
    c.close()


@experiment("transactions-errors", "unknown / duplicate transaction, tx left open at disconnect")
def _():
    for label, frames in [
        ("SEND with unknown transaction", [frame("SEND", [("destination", q("txe")), ("transaction", "nope"), ("receipt", "r1")], "x")]),
        ("COMMIT unknown", [frame("COMMIT", [("transaction", "nope"), ("receipt", "r1")])]),
        ("ABORT unknown", [frame("ABORT", [("transaction", "nope"), ("receipt", "r1")])]),
        ("BEGIN twice", [frame("BEGIN", [("transaction", "t"), ("receipt", "r0")]), frame("BEGIN", [("transaction", "t"), ("receipt", "r1")])]),
        ("BEGIN without transaction header", [frame("BEGIN", [("receipt", "r1")])]),
        ("COMMIT twice", [frame("BEGIN", [("transaction", "t")]), frame("COMMIT", [("transaction", "t"), ("receipt", "r0")]), frame("COMMIT", [("transaction", "t"), ("receipt", "r1")])]),
    ]:
        out("  " + label)
        c = connect(quiet_connect=True)
        for fr in frames:
            c.send(fr)
        c.read(timeout=1.2)
        c.check_open(0.5)
        c.close()
    out("  ACK inside a transaction, then ABORT: is the message redelivered?")
    d = q("txack")
    fill(d, ["a1"])
    c = consume("1.2", "client-individual", d, 1)
    m = c.expect("MESSAGE")
    c.send(frame("BEGIN", [("transaction", "ta")]))
    c.send(frame("ACK", [("id", m.get("ack")), ("transaction", "ta")]))
    c.send(frame("ABORT", [("transaction", "ta"), ("receipt", "r-abort")]))
    c.read(timeout=1.0)
    c.close()
    out("  queue afterwards:")
    c = consume("1.2", "auto", d, 1)
    c.read(timeout=0.8)
    c.close()
    out("  SEND in a transaction, DISCONNECT without COMMIT: delivered?")
    d = q("txdisc")
    c = connect(quiet_connect=True)
    c.send(frame("BEGIN", [("transaction", "td")]))
    c.send(frame("SEND", [("destination", d), ("transaction", "td")], "uncommitted"))
    c.send(frame("DISCONNECT", [("receipt", "bye")]))
    c.read(timeout=1.0)
    c.close()
    c = consume("1.2", "auto", d, 1)
    c.read(timeout=0.8)
    c.close()


# =================================================================== heart-beats
def eol_times(c):
    return [t for t, k, _ in c.events if k == "eol"]


def intervals(ts):
    return [int((b - a) * 1000) for a, b in zip(ts, ts[1:])]


@experiment("hb-server-sends", "CONNECT heart-beat:0,N: server EOL interval (1.2 §Heart-beating)")
def _():
    for kind, hb, secs in [("tcp", "0,500", 3.2), ("ws", "0,500", 3.2), ("tcp", "0,2000", 5.2), ("tcp", "0,3000", 7.2)]:
        out("  over %s, heart-beat:%s" % (kind, hb))
        c = connect(kind=kind, heart_beat=hb)
        Conn.show_eol = False
        c.read(until=lambda f: False, timeout=secs)
        Conn.show_eol = True
        ts = eol_times(c)
        note("%d EOLs in %.1f s; intervals ms: %s" % (len(ts), secs, intervals(ts)))
        if c.kind == "tcp":
            raw = set(it for _, k, it in c.events if k == "eol")
            note("EOL bytes: %s" % ", ".join(vis(r) for r in raw))
        else:
            note("(WS: each heart-beat arrives as its own text message, see below)")
            c.read(until=lambda f: False, timeout=0.6)
        c.close()


@experiment("hb-client-silent", "CONNECT heart-beat:500,0 then silence: when does the server close? (1.2 §Heart-beating)")
def _():
    for kind, hb in [("tcp", "500,0"), ("tcp", "1000,0"), ("ws", "500,0")]:
        out("  over %s, heart-beat:%s" % (kind, hb))
        c = connect(kind=kind, heart_beat=hb)
        t0 = time.monotonic()
        c.read(until=lambda f: False, timeout=10)
        if c.closed:
            note("closed %d ms after CONNECTED" % ((time.monotonic() - t0) * 1000))
        else:
            note("still open after 10 s")
        c.close()
    out("  over tcp, heart-beat:2500,0 then silence")
    c = connect(heart_beat="2500,0")
    t0 = time.monotonic()
    c.read(until=lambda f: False, timeout=12)
    note(("closed %d ms after CONNECTED" % ((time.monotonic() - t0) * 1000)) if c.closed else "still open after 12 s")
    c.close()
    for hb, every in [("500,0", 0.4), ("1500,0", 1.5), ("2500,0", 2.5)]:
        out("  heart-beat:%s and the client sends an EOL every %d ms for 8 s" % (hb, every * 1000))
        c = connect(heart_beat=hb)
        end = time.monotonic() + 8
        while time.monotonic() < end and not c.closed:
            c.sock.sendall(b"\n")
            c.read(until=lambda f: False, timeout=every)
        note("still open after 8 s of EOLs: %s" % (not c.closed))
        c.close()


# ============================================================================ ws
@experiment("ws-subprotocols", "WebSocket subprotocol selection (IANA v10/v11/v12.stomp; not in the STOMP specs)")
def _():
    for offer in [("v10.stomp",), ("v11.stomp",), ("v12.stomp",), ("v10.stomp", "v11.stomp", "v12.stomp"),
                  ("v12.stomp", "v10.stomp"), None, ("stomp",), ("foo",), ("foo", "v11.stomp")]:
        c = Conn("ws", protocols=offer)
        if c.ws_status == 101:
            c.send(frame("CONNECT", [("accept-version", "1.0,1.1,1.2"), ("host", "/"), ("login", LOGIN), ("passcode", PASSCODE)]))
            c.expect(timeout=2)
        c.close()


@experiment("ws-basic", "WS: text vs binary, one frame per message, MESSAGE delivery")
def _():
    c = connect(kind="ws")
    d = q("ws")
    c.send(frame("SUBSCRIBE", [("id", "s"), ("destination", d), ("receipt", "r-sub")]))
    c.expect("RECEIPT")
    c.send(frame("SEND", [("destination", d), ("receipt", "r-send")], "text msg"))
    c.read(until=lambda f: f.command == "MESSAGE", timeout=1.5)
    c.read(timeout=0.3)
    out("  client frame sent as a binary WS message:")
    c.send(frame("SEND", [("destination", d), ("receipt", "r-bin")], "binary msg"), opcode=0x2)
    c.read(until=lambda f: f.command == "MESSAGE", timeout=1.5)
    c.read(timeout=0.3)
    out("  binary body with NUL and content-length:")
    c.send(frame("SEND", [("destination", d), ("content-length", "5")], b"a\x00b\xffc"), opcode=0x2)
    c.read(until=lambda f: f.command == "MESSAGE", timeout=1.5)
    c.close()


@experiment("ws-split-and-batch", "WS: a frame split over two WS messages; two frames in one WS message; WS fragmentation")
def _():
    d = q("wssplit")
    out("  one STOMP frame split over two WS text messages")
    c = connect(kind="ws", quiet_connect=True)
    c.send(frame("SUBSCRIBE", [("id", "s"), ("destination", d), ("receipt", "r-sub")]))
    c.expect("RECEIPT")
    whole = frame("SEND", [("destination", d), ("receipt", "r-split")], "split body")
    c.send(whole[:20])
    c.send(whole[20:])
    c.read(until=lambda f: f.command in ("MESSAGE", "ERROR"), timeout=1.5)
    c.read(timeout=0.5)
    c.check_open(0.3)
    c.close()
    out("  two STOMP frames in one WS message")
    c = connect(kind="ws", quiet_connect=True)
    c.send(frame("SUBSCRIBE", [("id", "s"), ("destination", d), ("receipt", "r-sub")]))
    c.expect("RECEIPT")
    c.send(frame("SEND", [("destination", d), ("receipt", "r-1")], "first") + frame("SEND", [("destination", d), ("receipt", "r-2")], "second"))
    c.read(timeout=1.5, silence=0.5)
    c.close()
    out("  one STOMP frame as a fragmented WS message (text fin=0 + continuation fin=1)")
    c = connect(kind="ws", quiet_connect=True)
    c.send(frame("SUBSCRIBE", [("id", "s"), ("destination", d), ("receipt", "r-sub")]))
    c.expect("RECEIPT")
    whole = frame("SEND", [("destination", d), ("receipt", "r-frag")], "fragmented")
    c.send(whole[:15], opcode=0x1, fin=False)
    c.send(whole[15:], opcode=0x0, fin=True)
    c.read(timeout=1.5, silence=0.5)
    c.close()
    out("  malformed STOMP inside WS (bad escape)")
    c = connect(kind="ws", quiet_connect=True)
    c.send(frame("SEND", [("destination", d), ("k", "a\\tb")], "x"))
    c.read(timeout=1.5)
    c.check_open(0.5)
    c.close()
    out("  unknown command over WS")
    c = connect(kind="ws", quiet_connect=True)
    c.send(frame("FOO"))
    c.read(timeout=1.5)
    c.check_open(0.5)
    c.close()
    out("  WS ping from the client")
    c = connect(kind="ws", quiet_connect=True)
    c.send(b"abc", opcode=0x9)
    try:
        op, fin, payload = c.reader.recv(1.0)
        note("got opcode 0x%x payload %r" % (op, payload))
    except (socket.timeout, EOFError) as e:
        note("no answer: %r" % e)
    c.close()


@experiment("ws-large", "WS: 1 MiB body both ways")
def _():
    d = q("wsbig")
    c = connect(kind="ws", quiet_connect=True)
    c.send(frame("SUBSCRIBE", [("id", "s"), ("destination", d), ("receipt", "r-sub")]))
    c.expect("RECEIPT")
    body = (b"0123456789abcdef" * 65536)
    c.quiet = True
    c.send(frame("SEND", [("destination", d)], body))
    c.quiet = False
    c.log("C> [text] SEND␊destination:%s␊␊<1048576 bytes>␀" % d)
    got = c.read(until=lambda f: f.command in ("MESSAGE", "ERROR"), timeout=10)
    for f in got:
        if f.command == "MESSAGE":
            note("MESSAGE body %d bytes, equal=%s" % (len(f.body), f.body == body))
    c.check_open(0.3)
    c.close()


def cleanup_queues(prefix):
    """Delete the durable queues this run created (RabbitMQ keeps /queue/ destinations)."""
    import shutil
    import subprocess
    if not shutil.which("rabbitmqctl") or os.geteuid() != 0:
        return "skipped (needs root and rabbitmqctl)"
    expr = ('length([ok || Q <- rabbit_amqqueue:list(<<"/">>), '
            'binary:longest_common_prefix([element(4, amqqueue:get_name(Q)), <<"%s">>]) =:= %d, '
            '{ok, _} <- [rabbit_amqqueue:delete(Q, false, false, <<"observe.py">>)]]).' % (prefix, len(prefix)))
    try:
        r = subprocess.run(["rabbitmqctl", "eval", expr], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        return "failed: %s" % e
    return ("deleted %s queue(s)" % r.stdout.strip()) if r.returncode == 0 else ("failed: %s" % r.stderr.strip()[:200])


def main():
    global TCP, WS
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("names", nargs="*")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the obs-<run>-* queues (default: delete them at the end)")
    ap.add_argument("--tcp", default="%s:%d" % TCP)
    ap.add_argument("--ws", default="%s:%d%s" % WS)
    a = ap.parse_args()
    h, p = a.tcp.rsplit(":", 1)
    TCP = (h, int(p))
    hp, _, path = a.ws.partition("/")
    h, p = hp.rsplit(":", 1)
    WS = (h, int(p), "/" + path)
    if a.list:
        for n, title, _ in EXPERIMENTS:
            print("%-28s %s" % (n, title))
        return 0
    out("<!-- observe.py run %s at %s against tcp %s:%d, ws %s:%d%s -->" % (
        RUN, time.strftime("%Y-%m-%d %H:%M:%S"), TCP[0], TCP[1], WS[0], WS[1], WS[2]))
    for n, title, fn in EXPERIMENTS:
        if a.names and not any(n.startswith(x) for x in a.names):
            continue
        section(n, title)
        try:
            fn()
        except Exception as e:  # keep going: one broken experiment must not hide the others
            out("    !! experiment failed: %s: %s" % (type(e).__name__, e))
    if not a.keep:
        out()
        out("<!-- cleanup of queues obs-%s-*: %s -->" % (RUN, cleanup_queues("obs-%s-" % RUN)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
