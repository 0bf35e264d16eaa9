#!/usr/bin/env python3
"""Writes the seeds of fuzz_ws_client: corpus/fuzz_ws_client/seed-*.

An input is the 4-octet prefix of fuzz_support.hpp (octet 0: parser version
and limits; octet 1: read size index; octet 2: client option bits, 1 = offer
no subprotocol, 2 = send binary, 4 = 64-octet message limit) followed by what
the server sends. Findings (crash-*) next to the seeds are never touched.
Run from anywhere: python3 fuzz/write_ws_client_seeds.py
"""
import pathlib
import struct

OUT = pathlib.Path(__file__).resolve().parent.parent / "corpus" / "fuzz_ws_client"
V10, V11, V12 = 0, 1, 2
READ_1, READ_3, READ_64, READ_BIG = 0, 2, 4, 6
OFFER_NONE, SEND_BINARY, SMALL_LIMIT = 1, 2, 4


def prefix(version=V12, read=READ_BIG, options=0):
    return bytes([version, read, options, 0])


def upgrade(protocol="v12.stomp", status="101 Switching Protocols", extra=""):
    head = f"HTTP/1.1 {status}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    head += "Sec-WebSocket-Accept: @ACCEPT@\r\n"
    if protocol:
        head += f"Sec-WebSocket-Protocol: {protocol}\r\n"
    return (head + extra + "\r\n").encode()


def frame(payload, opcode=1, fin=True, rsv=0, mask=None):
    """One server frame (unmasked unless `mask` is given, which servers must not do)."""
    first = (0x80 if fin else 0) | rsv | opcode
    n = len(payload)
    second = 0x80 if mask else 0
    if n < 126:
        head = bytes([first, second | n])
    elif n <= 0xFFFF:
        head = bytes([first, second | 126]) + struct.pack(">H", n)
    else:
        head = bytes([first, second | 127]) + struct.pack(">Q", n)
    if mask:
        payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        head += mask
    return head + payload


def close(code=None, reason=b""):
    return frame(b"" if code is None else struct.pack(">H", code) + reason, opcode=8)


CONNECTED = b"CONNECTED\nversion:1.2\nheart-beat:0,0\nserver:RabbitMQ/3.10.8\n\n\x00\n"
MESSAGE = b"MESSAGE\nsubscription:s\ndestination:/queue/a\nmessage-id:1\ncontent-length:5\n\na\x00b\xffc\x00\n"

SEEDS = {
    # what RabbitMQ sends: text messages, one frame each, trailing LF, 1000 close
    "rabbitmq-session": (prefix(), upgrade() + frame(CONNECTED) + frame(MESSAGE) + frame(b"\n")
                         + frame(b"RECEIPT\nreceipt-id:r1\n\n\x00\n") + close(1000, b"STOMP died")),
    "rabbitmq-session-bytewise": (prefix(read=READ_1), upgrade() + frame(CONNECTED) + frame(MESSAGE)
                                  + close(1000, b"STOMP died")),
    "frame-split-over-messages": (prefix(read=READ_3), upgrade() + frame(CONNECTED[:12])
                                  + frame(CONNECTED[12:]) + close(1000)),
    "frames-in-one-message": (prefix(), upgrade() + frame(CONNECTED + MESSAGE + b"\n" + MESSAGE)),
    "fragmented-with-ping": (prefix(read=READ_3), upgrade() + frame(MESSAGE[:20], fin=False)
                             + frame(b"hb", opcode=9) + frame(MESSAGE[20:40], opcode=0, fin=False)
                             + frame(MESSAGE[40:], opcode=0) + close()),
    "binary-messages": (prefix(version=V11, options=SEND_BINARY), upgrade("v11.stomp")
                        + frame(CONNECTED.replace(b"1.2", b"1.1"), opcode=2) + frame(MESSAGE, opcode=2)),
    "version-1.0-no-subprotocol": (prefix(version=V10, options=OFFER_NONE), upgrade(None)
                                   + frame(b"CONNECTED\nsession:1\n\n\x00") + frame(b"ERROR\nmessage:x\n\nbad\x00")),
    "long-lengths": (prefix(read=READ_64), upgrade() + frame(b"MESSAGE\n\n" + b"x" * 300 + b"\x00")
                     + frame(b"MESSAGE\n\n" + b"y" * 70000 + b"\x00", opcode=2)),
    "over-the-limit": (prefix(options=SMALL_LIMIT), upgrade() + frame(b"CONNECTED\n\n\x00")
                       + frame(b"MESSAGE\n\n" + b"z" * 100 + b"\x00")),
    "close-1007-rabbitmq": (prefix(), upgrade() + frame(CONNECTED) + close(1007, b'{bad_escape,"\\\\t"}')),
    "close-no-code": (prefix(), upgrade() + frame(CONNECTED) + close()),
    "close-bad-code": (prefix(), upgrade() + close(999, b"bad")),
    "refused-403": (prefix(), b"HTTP/1.1 403 Forbidden\r\nContent-Length: 2\r\n\r\nno"),
    "subprotocol-not-offered": (prefix(), upgrade("v13.stomp") + frame(CONNECTED)),
    "wrong-accept": (prefix(), upgrade().replace(b"@ACCEPT@", b"dGhlIHNhbXBsZSBub25jZQ==") + frame(CONNECTED)),
    "deflate-not-offered": (prefix(), upgrade(extra="Sec-WebSocket-Extensions: permessage-deflate\r\n")
                            + frame(CONNECTED, rsv=0x40)),
    "masked-server-frame": (prefix(), upgrade() + frame(CONNECTED, mask=b"\x01\x02\x03\x04")),
    "eof-mid-frame": (prefix(read=READ_3), upgrade() + frame(CONNECTED)[:-5]),
    "bad-stomp-in-message": (prefix(), upgrade() + frame(b"MESSAGE\nk:a\\tb\n\nx\x00") + frame(b"NOPE\n\n\x00")),
}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (head, body) in SEEDS.items():
        (OUT / f"seed-{name}").write_bytes(head + body)
    print(f"wrote {len(SEEDS)} seeds to {OUT}")


if __name__ == "__main__":
    main()
