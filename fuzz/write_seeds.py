#!/usr/bin/env python3
"""Writes the hand-made seed corpus: corpus/<target>/seed-*.

Each frame-target input is a 4-octet setup prefix (see fuzz_support.hpp)
followed by a STOMP stream. Findings live next to the seeds as crash-* files
and are never touched here. Run from anywhere: python3 fuzz/write_seeds.py
"""
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent / "corpus"
V10, V11, V12 = 0, 1, 2
SERVER, CLIENT, ANY = 0, 1, 2
DEFAULT, SMALL, TINY = 0, 1, 2


def setup(version, peer=ANY, limits=DEFAULT, extra=b"\x00\x00\x00"):
    return bytes([version + 3 * peer + 9 * limits]) + extra


# name -> (version, peer, limits, stream)
STREAMS = {
    # valid traffic, each version
    "connect-1.0": (V10, CLIENT, DEFAULT,
                    b"CONNECT\nlogin:guest\npasscode:guest\n\n\x00"
                    b"SEND\ndestination:/queue/a\n\nhello queue a\n\x00"
                    b"SUBSCRIBE\ndestination:/queue/a\nack:client\n\n\x00"
                    b"ACK\nmessage-id:m1\n\n\x00DISCONNECT\n\n\x00"),
    "server-1.0": (V10, SERVER, DEFAULT,
                   b"CONNECTED\nsession:s1\n\n\x00\n"
                   b"MESSAGE\ndestination:/queue/a\nmessage-id: m1\ncontent-length:5\n\nab\x00cd\x00\n"
                   b"RECEIPT\nreceipt-id:77\n\n\x00\nERROR\nmessage:bad\n\noops\x00\n"),
    "connect-1.1": (V11, CLIENT, DEFAULT,
                    b"CONNECT\naccept-version:1.0,1.1\nhost:/\nheart-beat:10000,10000\n\n\x00"
                    b"\n\nSEND\ndestination:/queue/a\ncontent-type:text/plain\nk:a\\cb\\nc\\\\d\n\nbody\x00"
                    b"NACK\nmessage-id:m1\nsubscription:0\n\n\x00"),
    "server-1.1": (V11, SERVER, DEFAULT,
                   b"CONNECTED\nversion:1.1\nserver:x/1.0\nheart-beat:0,0\n\n\x00\n"
                   b"MESSAGE\nsubscription:0\nmessage-id:007\ndestination:/queue/a\nfoo:World\nfoo:Hello\n\nhi\x00\n"),
    "connect-1.2": (V12, CLIENT, DEFAULT,
                    b"STOMP\r\naccept-version:1.2\r\nhost:stomp.example\r\nlogin:u\r\npasscode:p:w\r\n\r\n\x00"
                    b"\r\n\nSUBSCRIBE\nid:0\ndestination:/queue/a\nack:client-individual\n\n\x00"
                    b"SEND\r\ndestination:/queue/a\r\ncontent-length:4\r\nreceipt:r1\r\n\r\na\x00\r\n\x00"
                    b"BEGIN\ntransaction:t\n\n\x00COMMIT\ntransaction:t\n\n\x00ABORT\ntransaction:t\n\n\x00"
                    b"UNSUBSCRIBE\nid:0\n\n\x00DISCONNECT\nreceipt:bye\n\n\x00"),
    "server-1.2": (V12, SERVER, DEFAULT,
                   b"CONNECTED\r\nversion:1.2\r\nheart-beat:1000,1000\r\n\r\n\x00\r\n"
                   b"MESSAGE\ndestination:/queue/a\nmessage-id:1\nsubscription:0\nack:a1\n"
                   b"k\\c:v\\r\\n\\c\\\\\nutf8:caf\xc3\xa9 \xf0\x9f\x98\x80\ncontent-type:application/octet-stream\n"
                   b"content-length:3\n\n\x00\x00\x00\x00\n\n"
                   b"RECEIPT\nreceipt-id:bye\n\n\x00"),
    # a harness switching version after CONNECTED, mid-chunk
    "switch-to-1.2": (V10, SERVER, DEFAULT,
                      b"CONNECTED\nversion:1.2\n\n\x00MESSAGE\nk:a\\rb\n\n\x00\r\n"),
    "switch-to-1.1": (V12, SERVER, DEFAULT,
                      b"CONNECTED\nversion:1.1\n\n\x00MESSAGE\nk:a\\rb\r\n\n\x00\r\n"),
    # violations the parser must report
    "bad-headers-1.2": (V12, ANY, DEFAULT,
                        b"SEND\n:empty-name\nk:a:b\nq:\\t\nlone:\\\nnocolon\nbare:a\rb\nutf:\xc3(\n\nx\x00"),
    "bad-body-1.2": (V12, CLIENT, DEFAULT,
                     b"SUBSCRIBE\nid:1\n\nbody\x00"
                     b"SEND\ncontent-length:zz\n\nq\x00"
                     b"SEND\ncontent-length:-1\n\nq\x00"
                     b"SEND\ncontent-length:99999999999999999999999\n\nq\x00"
                     b"SEND\ncontent-length:2\n\nabc\x00MESSAGE\n\n\x00"),
    "bad-commands": (V11, SERVER, DEFAULT,
                     b"SEND\n\n\x00FOO\n\n\x00send\n\n\x00\x00\rX\n\n\x00"),
    "crlf-at-1.1": (V11, ANY, DEFAULT,
                    b"\r\nMESSAGE\r\nfoo:bar\r\n\r\n\x00\nERROR\nmessage:a\\nb\n\nbad\x00"),
    "nacks-at-1.0": (V10, CLIENT, DEFAULT,
                     b"NACK\nid:1\n\n\x00STOMP\nhost:h\n\n\x00SEND\nk:\xc3\xa9\nempty:\n\n\x00"),
    "nul-in-headers": (V12, ANY, DEFAULT, b"SEND\ndestination:/q\x00MESSAGE\n\n\x00SEND\x00"),
    "truncated-body": (V12, ANY, DEFAULT, b"\nMESSAGE\ncontent-length:10\n\nabc"),
    "truncated-cr": (V12, ANY, DEFAULT, b"RECEIPT\n\n\x00\r"),
    # limits (the tiny preset: frame 64, 2 headers, lines of 16)
    "limits-tiny": (V12, ANY, TINY,
                    b"SEND\nk:0123456789abcdefghij\n\nx\x00"
                    b"SEND\na:1\nb:2\nc:3\n\n\x00"
                    b"SEND\n\n0123456789012345678901234567890123456789012345678901234567890\x00"
                    b"SEND\ncontent-length:70\n\n" + b"\x00" * 70 + b"\x00"
                    b"RECEIPT\n\n\x00\n"),
    "limits-small": (V11, SERVER, SMALL,
                     b"MESSAGE\n" + b"h:1\n" * 9 + b"\n\x00" +
                     b"MESSAGE\nlong:" + b"x" * 70 + b"\n\n\x00" +
                     b"MESSAGE\n\n" + b"y" * 600 + b"\x00RECEIPT\nreceipt-id:1\n\n\x00"),
}

ESCAPES = {  # name -> (version, raw header text)
    "plain": (V12, b"/queue/a"),
    "delimiters-1.2": (V12, b"a:b\nc\\d\re"),
    "delimiters-1.1": (V11, b"a:b\nc\\d\re"),
    "delimiters-1.0": (V10, b"a:b\\c"),
    "undefined": (V12, b"x\\ty"),
    "undefined-r-1.1": (V11, b"\\r"),
    "lone-backslash": (V11, b"ab\\"),
    "double": (V12, b"\\\\n\\c"),
    "utf8": (V12, b"caf\xc3\xa9 \xf0\x9f\x98\x80"),
    "invalid-utf8": (V11, b"\xc3\x28\xff"),
    "empty": (V10, b""),
}


def write(target, name, data):
    folder = ROOT / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"seed-{name}").write_bytes(data)


def main():
    for name, (version, peer, limits, stream) in STREAMS.items():
        write("fuzz_frame_parse", name, setup(version, peer, limits) + stream)
        write("fuzz_frame_roundtrip", name, setup(version, peer, limits) + stream)
        # Three cuts, and octet by octet too.
        write("fuzz_frame_stream", name, setup(version, peer, limits, b"\x83\x12\x34") + stream)
    for name, (version, text) in ESCAPES.items():
        write("fuzz_header_escape", name, bytes([version]) + text)


if __name__ == "__main__":
    main()
