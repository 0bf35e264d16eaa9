#!/usr/bin/env python3
"""Validates every scenario against scenarios/case.schema.json and every
target profile against targets/profile.schema.json, so the schema editors
use never drifts from what the loader accepts."""
import json
import pathlib
import sys

import jsonschema

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
checks = [
    (root / "scenarios/case.schema.json",
     [p for p in sorted((root / "scenarios").rglob("*.json"))
      if p.name not in ("requirements.json", "kill-matrix.json") and not p.name.endswith(".schema.json")]),
    (root / "targets/profile.schema.json", sorted((root / "targets").glob("*/profile*.json"))),
]
bad = 0
total = 0
for schema_path, files in checks:
    schema = json.loads(schema_path.read_text())
    validator = jsonschema.Draft202012Validator(schema)
    for f in files:
        total += 1
        for err in validator.iter_errors(json.loads(f.read_text())):
            bad += 1
            where = "/".join(str(p) for p in err.absolute_path)
            print(f"{f.relative_to(root)}: {where}: {err.message[:300]}")
print(f"{total} files checked against the schemas, {bad} problems")
sys.exit(1 if bad else 0)
