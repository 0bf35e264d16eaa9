#!/usr/bin/env python3
"""The include graph of harness/ has no back-arrow (README "Layers").

Each folder under harness/ is a layer; LAYERS says which layers its files may
include ("X/..." includes; same-folder includes are always allowed). A file
that includes a layer not listed fails the check, naming file, line and the
layers allowed there. A folder missing from the table fails too, so a new
layer must take its place here first.

  scripts/check_layers.py [ROOT]     exit 0: clean, 1: back-arrows, 2: usage
"""
import pathlib
import re
import sys

# Bottom up. Each layer may include itself and the layers listed.
LAYERS = {
    "core": [],
    "codec": ["core"],
    "transport": ["core"],
    "wire": ["core", "codec", "transport"],  # one client connection: transport + parser + transcript
    "scenario": ["core", "codec"],
    "engine": ["core", "codec", "transport", "wire", "scenario"],
    "runner": ["core", "codec", "transport", "wire", "scenario", "engine"],
    "report": ["core"],
    "fuzzer": ["core", "codec", "transport", "wire", "report"],
    "proxy": ["core", "codec", "transport", "wire"],
    "cli": ["core", "codec", "transport", "wire", "scenario", "engine", "runner", "report", "fuzzer", "proxy"],
}

INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')


def main() -> int:
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent.parent)
    harness = root / "harness"
    if not harness.is_dir():
        print(f"{harness}: not a folder", file=sys.stderr)
        return 2
    problems = []
    for folder in sorted(p for p in harness.iterdir() if p.is_dir()):
        layer = folder.name
        if layer not in LAYERS:
            problems.append(f"harness/{layer}/: a folder without a place in scripts/check_layers.py's LAYERS")
            continue
        allowed = set(LAYERS[layer]) | {layer}
        for path in sorted(folder.rglob("*")):
            if path.suffix not in (".hpp", ".cpp", ".h", ".ipp"):
                continue
            for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
                m = INCLUDE.match(line)
                if not m or "/" not in m.group(1):
                    continue
                target = m.group(1).split("/", 1)[0]
                if target in LAYERS and target not in allowed:
                    rel = path.relative_to(root)
                    problems.append(f"{rel}:{number}: layer '{layer}' includes \"{m.group(1)}\" from layer "
                                    f"'{target}' (allowed here: {', '.join(sorted(allowed))})")
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} include(s) against the layer order", file=sys.stderr)
        return 1
    print(f"layers: {len(LAYERS)} layers, no back-arrow")
    return 0


if __name__ == "__main__":
    sys.exit(main())
