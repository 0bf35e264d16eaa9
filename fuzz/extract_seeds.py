#!/usr/bin/env python3
"""Turns the wire traffic of a real run into seeds for the frame targets.

Hand-made seeds (write_seeds.py) show what we thought of; a broker's own
frames show what it really sends (its header order, ids, escapes, EOLs).
Reads the transcripts of one or more results.json files (`stompspec run
--format json`), cuts every sent and received octet stream into frames at
NUL, and writes corpus/<target>/traffic-<sha1> for fuzz_frame_parse,
fuzz_frame_roundtrip and fuzz_frame_stream, each with the 4-octet setup
prefix of fuzz_support.hpp. Only traffic-* files are ever rewritten.

    python3 fuzz/extract_seeds.py reports/rabbitmq/results.json [more.json ...]
        [--max-files 150] [--max-size 1024] [--merge build/fuzz/fuzz]

Many frames differ only in run ids (queue names, message-ids, sessions), so
frames are deduplicated by shape: direction, version, command, header names
in order, and whether there is a body. --merge then keeps only the traffic
files a libFuzzer -merge=1 run finds new coverage in (the binaries must be
the libFuzzer build); seed-* and crash-* files are never removed.
"""
import argparse
import base64
import hashlib
import json
import pathlib
import shutil
import subprocess
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
TARGETS = ("fuzz_frame_parse", "fuzz_frame_roundtrip", "fuzz_frame_stream")
VERSIONS = {"1.0": 0, "1.1": 1, "1.2": 2}
SERVER, CLIENT = 0, 1  # peer, as in fuzz_support.hpp


def octets(entry):
    if "data_b64" in entry:
        return base64.b64decode(entry["data_b64"])
    return entry.get("data", "").encode("utf-8")


def frames(stream):
    """Cuts at NUL, keeping the NUL and the EOLs (heart-beats) before a frame."""
    out, start = [], 0
    while True:
        end = stream.find(b"\x00", start)
        if end < 0:
            break
        out.append(stream[start:end + 1])
        start = end + 1
    return out


def shape(direction, version, frame):
    head, _, body = frame.lstrip(b"\r\n").partition(b"\n\n")
    lines = head.split(b"\n")
    names = tuple(l.split(b":", 1)[0].rstrip(b"\r") for l in lines[1:])
    return (direction, version, lines[0].rstrip(b"\r"), names, body not in (b"\x00", b"\r\n\x00"))


def collect(results, max_size):
    """Yields (peer, version byte, frame) once per shape, in transcript order."""
    seen = set()
    for path in results:
        for case in json.loads(pathlib.Path(path).read_text())["cases"]:
            version = VERSIONS.get(case.get("version"), 2)
            # Received chunks split anywhere: join them per client before cutting.
            streams = {}
            for e in case.get("transcript", []):
                if e.get("kind") not in ("sent", "received"):
                    continue
                peer = CLIENT if e["kind"] == "sent" else SERVER
                streams.setdefault((e.get("client"), peer), bytearray()).extend(octets(e))
            for (_, peer), stream in streams.items():
                for f in frames(bytes(stream)):
                    key = shape(peer, version, f)
                    if len(f) <= max_size and key not in seen:
                        seen.add(key)
                        yield peer, version, f


def write(results, max_files, max_size):
    for t in TARGETS:
        for old in (ROOT / "corpus" / t).glob("traffic-*"):
            old.unlink()
    n = 0
    for peer, version, f in collect(results, max_size):
        if n == max_files:
            break
        digest = hashlib.sha1(f).digest()
        for t in TARGETS:
            # fuzz_frame_stream: cut count 1-15 and "also octet by octet" from the digest.
            extra = bytes([0x80 | (digest[0] % 15 + 1), digest[1], digest[2]]) \
                if t == "fuzz_frame_stream" else b"\x00\x00\x00"
            data = bytes([version + 3 * peer]) + extra + f
            (ROOT / "corpus" / t / ("traffic-" + hashlib.sha1(data).hexdigest()[:16])).write_bytes(data)
        n += 1
    return n


def merge(bindir):
    """Drops the traffic files that add no coverage to the rest of the corpus."""
    for t in TARGETS:
        corpus = ROOT / "corpus" / t
        with tempfile.TemporaryDirectory() as out:
            subprocess.run([str(pathlib.Path(bindir) / t), "-merge=1", out, str(corpus)],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            kept = {p.name for p in pathlib.Path(out).iterdir()}  # named by sha1 of content
        dropped = 0
        for f in corpus.glob("traffic-*"):
            if hashlib.sha1(f.read_bytes()).hexdigest() not in kept:
                f.unlink()
                dropped += 1
        left = len(list(corpus.glob("traffic-*")))
        print(f"{t}: merge kept {left} traffic seeds, dropped {dropped}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("results", nargs="+")
    ap.add_argument("--max-files", type=int, default=150, help="frames per target (default 150)")
    ap.add_argument("--max-size", type=int, default=1024, help="longest frame kept, octets")
    ap.add_argument("--merge", metavar="BINDIR", help="folder of libFuzzer binaries")
    args = ap.parse_args()
    print(f"wrote {write(args.results, args.max_files, args.max_size)} frames per target")
    if args.merge:
        merge(args.merge)


if __name__ == "__main__":
    main()
