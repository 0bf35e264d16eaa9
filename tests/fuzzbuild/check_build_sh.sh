#!/usr/bin/env bash
# Runs .clusterfuzzlite/build.sh outside Docker with the environment OSS-Fuzz
# sets for an ASan + libFuzzer build, checks that $OUT holds each target with
# its .options, seed zip (and .dict), then fuzzes one target for a few seconds
# from its seeds. Catches a build.sh broken by a new target or dependency
# before ClusterFuzzLite does.  Usage: tests/fuzzbuild/check_build_sh.sh [SECONDS]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SECS=${1:-5}
export CC=clang-14 CXX=clang++-14
export CFLAGS="-O1 -fno-omit-frame-pointer -gline-tables-only -fsanitize=address -fsanitize-address-use-after-scope -fsanitize=fuzzer-no-link"
export CXXFLAGS="$CFLAGS" LIB_FUZZING_ENGINE=-fsanitize=fuzzer SRC=$(dirname "$ROOT")
for tool in "$CC" "$CXX" zip unzip; do
  command -v "$tool" >/dev/null || { echo "check_build_sh: $tool not found (scripts/install-deps.sh installs it)"; exit 1; }
done
OUT=$(mktemp -d) WORK=${WORK:-$(mktemp -d)}
export OUT WORK
trap 'rm -rf "$OUT"' EXIT

bash "$ROOT/.clusterfuzzlite/build.sh"

fail=0
for t in ${FUZZ_TARGETS:-$(cd "$ROOT/fuzz" && ls fuzz_*.options | sed 's/\.options$//')}; do
  for f in "$t" "$t.options" "${t}_seed_corpus.zip"; do
    [ -e "$OUT/$f" ] || { echo "missing in \$OUT: $f"; fail=1; }
  done
done
[ "$fail" = 0 ] || exit 1

# As the runner does: seeds unzipped into a corpus folder, options from the file.
t=fuzz_frame_parse
mkdir -p "$WORK/run-corpus"
(cd "$WORK/run-corpus" && unzip -q -o "$OUT/${t}_seed_corpus.zip")
(cd "$OUT" && "./$t" -dict="$t.dict" -max_total_time="$SECS" -print_final_stats=1 "$WORK/run-corpus") 2>&1 \
  | grep -E "^(#[0-9]+[[:space:]]+DONE|stat::number_of_executed_units|Done )"
echo "check_build_sh: OK ($OUT)"
