#!/usr/bin/env python3
"""Per-column counts for docs/results.md: one row per results.json (a target
over one transport), `run` = instances not skipped.

  scripts/matrix_counts.py reports/matrix/NAME-TRANSPORT/results.json...
"""
import collections
import json
import pathlib
import sys

STATUSES = ["pass", "fail", "warn", "info", "xfail", "fixed", "skip", "error"]


def main() -> int:
    print("| column | instances | run | " + " | ".join(STATUSES) + " |")
    print("|---|---|---|" + "---|" * len(STATUSES))
    for arg in sys.argv[1:]:
        path = pathlib.Path(arg)
        cases = json.loads(path.read_text())["cases"]
        n = collections.Counter(c["status"] for c in cases)
        unknown = set(n) - set(STATUSES)
        if unknown:
            print(f"{path}: unknown status {sorted(unknown)}", file=sys.stderr)
            return 1
        total = len(cases)
        run = total - n["skip"]
        share = f" ({100 * run / total:.0f}%)" if total else ""
        print(f"| {path.parent.name} | {total} | {run}{share} | " + " | ".join(str(n[s]) for s in STATUSES) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
