#!/usr/bin/env python3
"""Totals and consistency checks for the requirement catalogue.

    python3 scripts/catalogue_stats.py            # print the markdown tables
    python3 scripts/catalogue_stats.py --check    # validate, exit 1 on problems
    python3 scripts/catalogue_stats.py --update docs/requirements.md
                                                  # validate, then rewrite the part of the
                                                  # doc between the stats markers

Paths are taken relative to the repository root (the parent of this script's folder).
The spec files named in "sources" are resolved relative to the repository root too.
"""
import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "scenarios" / "requirements.json"

VERSIONS = ["1.2", "1.1", "1.0"]           # listing order in the catalogue
LEVELS = ["MUST", "MUST NOT", "SHOULD", "SHOULD NOT", "MAY"]
BINDS = ["server", "client", "both"]
OPENING = "(opening text)"                 # 1.0: the text before its first heading

# Section title as written in the spec -> slug used in ids.
SLUG = {
    "STOMP Frames": "stomp-frames",
    "Value Encoding": "value-encoding",
    "Body": "body",
    "Header content-length": "content-length",
    "Header content-type": "content-type",
    "Header receipt": "receipt-header",
    "Receipt": "receipt-header",
    "Repeated Header Entries": "repeated-headers",
    "Size Limits": "size-limits",
    "Connection Lingering": "connection-lingering",
    "Connecting": "connecting",
    OPENING: "connecting",
    "CONNECT or STOMP Frame": "connect",
    "CONNECTED Frame": "connected",
    "Protocol Negotiation": "protocol-negotiation",
    "Heart-beating": "heart-beating",
    "Once Connected": "once-connected",
    "Client Frames": "client-frames",
    "SEND": "send",
    "SUBSCRIBE": "subscribe",
    "SUBSCRIBE id Header": "subscribe-id",
    "SUBSCRIBE ack Header": "subscribe-ack",
    "UNSUBSCRIBE": "unsubscribe",
    "ACK": "ack",
    "NACK": "nack",
    "BEGIN": "begin",
    "COMMIT": "commit",
    "ABORT": "abort",
    "DISCONNECT": "disconnect",
    "Server Frames": "server-frames",
    "MESSAGE": "message",
    "RECEIPT": "receipt",
    "ERROR": "error",
    "Frames and Headers": "frames-and-headers",
    "Augmented BNF": "abnf",
}

KEYWORDS = ["MUST", "SHOULD", "MAY", "REQUIRED", "RECOMMENDED", "OPTIONAL", "SHALL"]
ID_RE = re.compile(r"^(1\.[012])/([a-z0-9-]+)/([1-9][0-9]*)$")
REF_RE = re.compile(r"\b1\.[012]/[a-z0-9-]+/[0-9]+\b")

BEGIN_MARK = "<!-- catalogue_stats:begin -->"
END_MARK = "<!-- catalogue_stats:end -->"


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def applies(r):
    return r.get("applies_to") or [r["version"]]


# ------------------------------------------------------------------ spec parsing
def headings(lines):
    """[(line_no, depth, title)] for markdown and <hN> headings."""
    out = []
    for no, text in enumerate(lines, 1):
        m = re.match(r"^(#{1,6})\s+(.*?)\s*$", text)
        if m:
            out.append((no, len(m.group(1)), m.group(2)))
            continue
        m = re.match(r"^<h([1-6])[^>]*>(.*?)</h\1>\s*$", text.strip())
        if m:
            out.append((no, int(m.group(1)), m.group(2).strip()))
    return out


def section_ranges(lines):
    """{title: [(first_line, last_line)]} - a section runs to the next heading of the same
    or a higher level (so a section includes its subsections)."""
    hs = headings(lines)
    ranges = {}
    for i, (no, depth, title) in enumerate(hs):
        end = len(lines)
        for no2, depth2, _ in hs[i + 1:]:
            if depth2 <= depth:
                end = no2 - 1
                break
        ranges.setdefault(title, []).append((no, end))
    first_h2 = next((no for no, d, _ in hs if d == 2), len(lines) + 1)
    ranges[OPENING] = [(1, first_h2 - 1)]
    return ranges


# ------------------------------------------------------------------ checks
def check(cat):
    problems = []
    p = problems.append
    if cat.get("catalogue") != "stompspec requirement catalogue":
        p("top level: 'catalogue' title missing or changed")
    sources = cat.get("sources", {})
    specs = {}
    for v in VERSIONS:
        if v not in sources:
            p(f"sources: no entry for {v}")
            continue
        path = (ROOT / sources[v]).resolve()
        if not path.is_file():
            p(f"sources: {path} not found")
            continue
        specs[v] = path.read_text(encoding="utf-8").splitlines()
    ranges = {v: section_ranges(lines) for v, lines in specs.items()}

    reqs = cat.get("requirements", [])
    by_id = {}
    for r in reqs:
        rid = r.get("id", "?")
        if rid in by_id:
            p(f"{rid}: duplicate id")
        by_id[rid] = r

    # order: by version (1.2, 1.1, 1.0), then by line
    keys = [(VERSIONS.index(r["version"]) if r.get("version") in VERSIONS else 9, r.get("line", 0))
            for r in reqs]
    if keys != sorted(keys):
        p("requirements are not ordered by version, then spec line")

    seen_n = {}
    for r in reqs:
        rid = r.get("id", "?")
        for field in ("id", "version", "section", "line", "level", "binds", "text",
                      "observable", "keyword"):
            if field not in r:
                p(f"{rid}: missing '{field}'")
        m = ID_RE.match(rid)
        if not m:
            p(f"{rid}: id does not look like <version>/<slug>/<n>")
            continue
        v, slug, n = m.group(1), m.group(2), int(m.group(3))
        if r.get("version") != v:
            p(f"{rid}: id version differs from 'version' {r.get('version')}")
        sec = r.get("section")
        if SLUG.get(sec) != slug:
            p(f"{rid}: slug '{slug}' does not match section '{sec}' (expected {SLUG.get(sec)})")
        seen_n.setdefault((v, slug), []).append(n)
        if r.get("level") not in LEVELS:
            p(f"{rid}: bad level {r.get('level')!r}")
        if r.get("binds") not in BINDS:
            p(f"{rid}: bad binds {r.get('binds')!r}")
        obs = r.get("observable")
        if not isinstance(obs, bool):
            p(f"{rid}: observable must be true or false")
        if obs is False and not r.get("why_not"):
            p(f"{rid}: observable is false but why_not is missing")
        if obs is True and "why_not" in r:
            p(f"{rid}: why_not given although observable is true")
        if r.get("binds") == "client" and obs is not False:
            p(f"{rid}: binds the client only, so it cannot be observable")
        ap = applies(r)
        if v not in ap:
            p(f"{rid}: applies_to {ap} leaves out its own version")
        if any(a not in VERSIONS for a in ap) or len(set(ap)) != len(ap):
            p(f"{rid}: bad applies_to {ap}")
        if "applies_to" in r and ap == [v]:
            p(f"{rid}: applies_to only repeats its own version; leave it out")
        for ov, title in (r.get("section_in") or {}).items():
            if ov not in ap or ov == v:
                p(f"{rid}: section_in names {ov}, which it does not apply to as a shared entry")
            if ov in ranges and title not in ranges[ov]:
                p(f"{rid}: section_in {ov}: '{title}' is not a section of that spec")
        # the line lies in the named section, and an RFC 2119 keyword is near it unless derived
        if v in specs:
            line = r.get("line")
            lines = specs[v]
            if not isinstance(line, int) or not 1 <= line <= len(lines):
                p(f"{rid}: line {line} outside the spec")
            elif sec not in ranges[v]:
                p(f"{rid}: section '{sec}' is not a heading of the {v} spec")
            else:
                if not any(a <= line <= b for a, b in ranges[v][sec]):
                    p(f"{rid}: line {line} is not inside section '{sec}' {ranges[v][sec]}")
                if not r.get("derived"):
                    window = " ".join(lines[line - 1:line + 1])  # the cited line and the next
                    if not any(re.search(rf"\b{k}\b", window) for k in KEYWORDS):
                        p(f"{rid}: no RFC 2119 keyword near line {line}; mark it derived?")
        # references
        for ref in r.get("replaces") or []:
            if ref not in by_id:
                p(f"{rid}: replaces unknown id {ref}")
                continue
            if set(applies(by_id[ref])) & set(ap):
                p(f"{rid}: replaces {ref}, but both apply to {sorted(set(applies(by_id[ref])) & set(ap))}")
        text = " ".join(str(r.get(f, "")) for f in ("text", "why_not", "note"))
        for ref in REF_RE.findall(text):
            if ref not in by_id:
                p(f"{rid}: mentions unknown id {ref}")
    for (v, slug), ns in seen_n.items():
        if sorted(ns) != list(range(1, len(ns) + 1)):
            p(f"{v}/{slug}: numbers {sorted(ns)} are not 1..{len(ns)}")
    return problems


# ------------------------------------------------------------------ tables
def count(rows, level, obs=None):
    return sum(1 for r in rows if r["level"] == level and (obs is None or r["observable"] == obs))


def table(groups, title_col):
    """groups: [(name, rows)] -> markdown table: level x (observable, not, total) per group."""
    head = f"| {title_col} |" + "".join(f" {g} obs | {g} not | {g} all |" for g, _ in groups)
    sep = "|---|" + "---:|---:|---:|" * len(groups)
    out = [head, sep]
    for level in LEVELS:
        cells = []
        for _, rows in groups:
            cells += [count(rows, level, True), count(rows, level, False), count(rows, level)]
        out.append(f"| {level} |" + "".join(f" {c} |" for c in cells))
    cells = []
    for _, rows in groups:
        cells += [sum(r["observable"] for r in rows), sum(not r["observable"] for r in rows), len(rows)]
    out.append("| **total** |" + "".join(f" **{c}** |" for c in cells))
    return "\n".join(out)


def report(cat):
    reqs = cat["requirements"]
    effective = [(v, [r for r in reqs if v in applies(r)]) for v in VERSIONS]
    listed = [(v, [r for r in reqs if r["version"] == v]) for v in VERSIONS]
    parts = []
    parts.append("Effective requirements per STOMP version (every entry whose `applies_to` "
                 "names the version; this is the coverage denominator). "
                 "obs = observable by a test client, not = not observable.\n")
    parts.append(table(effective, "level"))
    parts.append("\nEntries as listed in the catalogue, by the version they are filed under "
                 "(1.1 and 1.0 list only their differences from 1.2).\n")
    parts.append(table(listed, "level"))
    # keyword vs derived, and binding, for the effective sets
    parts.append("\nHow the effective requirements are stated and whom they bind.\n")
    head = "| version | RFC 2119 keyword | derived | server | client | both | observable MUST/MUST NOT |"
    out = [head, "|---|---:|---:|---:|---:|---:|---:|"]
    for v, rows in effective:
        kw = sum(1 for r in rows if not r.get("derived"))
        dv = sum(1 for r in rows if r.get("derived"))
        b = {k: sum(1 for r in rows if r["binds"] == k) for k in BINDS}
        must_obs = sum(1 for r in rows if r["level"] in ("MUST", "MUST NOT") and r["observable"])
        out.append(f"| {v} | {kw} | {dv} | {b['server']} | {b['client']} | {b['both']} | {must_obs} |")
    parts.append("\n".join(out))
    return "\n".join(parts) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--catalogue", default=str(CATALOGUE))
    ap.add_argument("--check", action="store_true", help="validate only")
    ap.add_argument("--update", metavar="DOC", help="rewrite the stats block of DOC")
    args = ap.parse_args()
    cat = load(args.catalogue)
    problems = check(cat)
    if args.check or args.update:
        for msg in problems:
            print(f"problem: {msg}", file=sys.stderr)
        if problems:
            return 1
    if args.check:
        print(f"ok: {len(cat['requirements'])} entries")
        return 0
    text = report(cat)
    if args.update:
        doc = Path(args.update)
        body = doc.read_text(encoding="utf-8")
        if BEGIN_MARK not in body or END_MARK not in body:
            print(f"{doc}: stats markers not found", file=sys.stderr)
            return 1
        head, rest = body.split(BEGIN_MARK, 1)
        _, tail = rest.split(END_MARK, 1)
        doc.write_text(f"{head}{BEGIN_MARK}\n{text}{END_MARK}{tail}", encoding="utf-8")
        print(f"updated {doc}")
        return 0
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
