#!/bin/bash -eu
# Builds every fuzz target the OSS-Fuzz way: the compiler and instrumentation
# come from $CC/$CXX/$CFLAGS/$CXXFLAGS, the engine from $LIB_FUZZING_ENGINE,
# and everything a target needs at run time goes to $OUT (the runner image has
# none of the build's packages). Works outside Docker too (see fuzz/README.md):
#   CC=clang-14 CXX=clang++-14 CXXFLAGS="-fsanitize=address,fuzzer-no-link ..." \
#   LIB_FUZZING_ENGINE=-fsanitize=fuzzer SRC=... OUT=... WORK=... bash .clusterfuzzlite/build.sh
# OSS-Fuzz runs this as `bash -eux build.sh`, which ignores the #! flags: set them here too.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)   # $SRC/stompspec in the image
# Every fuzz/<target>.options, or FUZZ_TARGETS="a b". The measuring-only
# twins (_nomutator), fuzz_empty and fuzz_parse_only are not shipped.
TARGETS=${FUZZ_TARGETS:-$(cd "$ROOT/fuzz" && ls fuzz_*.options | sed 's/\.options$//')}
BUILD=$WORK/stompspec-build

# STOMPSPEC_SANITIZE stays off: the sanitizers are already in $CXXFLAGS.
# The $ORIGIN/lib run path finds the shared libraries copied below (Debian
# and Ubuntu ship libfmt only as a .so).
cmake -S "$ROOT" -B "$BUILD" -G Ninja \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER="$CXX" \
  -DCMAKE_CXX_FLAGS="$CXXFLAGS" -DCMAKE_CXX_FLAGS_RELEASE="" \
  -DCMAKE_BUILD_RPATH='$ORIGIN/lib' \
  -DSTOMPSPEC_FUZZ=ON -DSTOMPSPEC_FUZZ_ENGINE="$LIB_FUZZING_ENGINE" \
  -DSTOMPSPEC_SANITIZE=OFF -DSTOMPSPEC_TESTS=OFF -DSTOMPSPEC_WERROR=OFF
# shellcheck disable=SC2086
cmake --build "$BUILD" --target $TARGETS

mkdir -p "$OUT/lib"
for t in $TARGETS; do
  cp "$BUILD/fuzz/$t" "$OUT/"
  cp "$ROOT/fuzz/$t.options" "$OUT/"
  if [ -f "$ROOT/fuzz/$t.dict" ]; then cp "$ROOT/fuzz/$t.dict" "$OUT/"; fi
  (cd "$ROOT/corpus/$t" && zip -q -r -j "$OUT/${t}_seed_corpus.zip" .)
  # Shared libraries that are not part of every system (libfmt): beside the targets.
  # (grep finds nothing for targets without fmt: not an error.)
  ldd "$BUILD/fuzz/$t" | awk '/=> \// {print $3}' | { grep -E 'libfmt' || true; } | xargs -r -I{} cp -L {} "$OUT/lib/"
done
