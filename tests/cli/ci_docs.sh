#!/usr/bin/env bash
# The CI examples in docs/ci/ are valid: actionlint on the GitHub workflow
# (and the project's own workflows), a structural check of the GitLab job,
# and every `stompspec run` option they use exists.
set -euo pipefail
bin=$1 src=$2 work=$3
mkdir -p "$work"
lint=$(command -v actionlint || true)
if [ -z "$lint" ]; then
  lint=$work/actionlint
  if [ ! -x "$lint" ]; then
    command -v go >/dev/null || { echo "ci_docs: needs actionlint or Go to install it" >&2; exit 1; }
    GOBIN=$work timeout 300 go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.7
  fi
fi
"$lint" -shellcheck= "$src/docs/ci/github-actions.yml" "$src"/.github/workflows/*.yml
python3 - "$src/docs/ci/gitlab-ci.yml" <<'PY'
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
jobs = {k: v for k, v in doc.items() if isinstance(v, dict) and "script" in v}
assert jobs, "no job with a script"
for name, job in jobs.items():
    assert job.get("services"), f"{name}: no broker service"
    assert job["artifacts"]["reports"]["junit"], f"{name}: no JUnit report"
    assert any("stompspec run" in line for line in job["script"]), f"{name}: does not run stompspec"
PY
# Every option the examples give `stompspec run`, and every format, exists.
"$bin" run --help > "$work/run-help.txt"
python3 - "$work/run-help.txt" "$src/docs/ci/github-actions.yml" "$src/docs/ci/gitlab-ci.yml" <<'PY'
import re, sys
help_text = open(sys.argv[1]).read()
for path in sys.argv[2:]:
    text = re.sub(r"\s+", " ", open(path).read())
    runs = re.findall(r"stompspec run (.*?)(?: - |$| [a-z_]+:(?: |$))", text)
    assert runs, f"{path}: no stompspec run"
    for run in runs:
        for opt in re.findall(r"(--[a-z][a-z-]*)", run):
            assert opt in help_text, f"{path}: stompspec run has no option {opt}"
        for fmt in re.findall(r"--format ([a-z,]+)", run):
            for f in fmt.split(","):
                assert f in help_text, f"{path}: no format {f}"
PY
echo "ci_docs: workflow lint, GitLab job and stompspec options all good"
