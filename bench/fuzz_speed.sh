#!/usr/bin/env bash
# Speed of the libFuzzer frame targets against fuzz_empty (a target that does
# nothing, same build, same run), and what the custom STOMP mutator buys:
# coverage after a fixed number of executions and after a fixed time, with
# it (<target>) and without it (<target>_nomutator, libFuzzer's own
# mutator), same seed, empty corpus. See bench/README.md.
#
#   bench/fuzz_speed.sh [speed|cost|coverage|all]       (default: all)
#
# speed: exec/s from an empty corpus, SECS each, against fuzz_empty; and
#   fuzz_parse_only (the parser alone, nothing checked), the floor under it.
# cost: the mutator's cost per execution in a steady state: COST_RUNS
#   executions of each variant starting from the committed seeds
#   (corpus/<target>), where few inputs are new, timed in CPU seconds.
# coverage: cov and ft after RUNS executions and after COV_SECS seconds.
#
# Environment: SECS (15); COST_RUNS (20000); RUNS (100000); COV_SECS (60);
# SEED (1); TARGETS (the three frame targets); BUILD (build/fuzz);
# NO_BUILD=1 skips the build; NO_LEN_CONTROL=1 ignores the targets'
# len_control (libFuzzer then turns it off for the custom mutator).
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-all}
SECS=${SECS:-15}
RUNS=${RUNS:-100000}
COV_SECS=${COV_SECS:-60}
COST_RUNS=${COST_RUNS:-20000}
SEED=${SEED:-1}
BUILD=${BUILD:-build/fuzz}
TARGETS=${TARGETS:-"fuzz_frame_parse fuzz_frame_stream fuzz_frame_roundtrip"}
case $mode in speed|cost|coverage|all) ;; *) echo "usage: $0 [speed|cost|coverage|all]" >&2; exit 2 ;; esac

if [[ -z ${NO_BUILD:-} ]]; then
  want=(fuzz_empty fuzz_parse_only)
  for t in $TARGETS; do want+=("$t" "${t}_nomutator"); done
  [[ -f $BUILD/CMakeCache.txt ]] || cmake --preset fuzz >/dev/null
  cmake --build "$BUILD" -j2 --target "${want[@]}" >/dev/null
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# run BINARY-NAME OPTIONS-OF-TARGET EXTRA-FLAGS...: one run from an empty
# corpus; prints "execs exec/s cov ft".
run() {
  local bin=$1 opts=$2; shift 2
  local corpus=$scratch/corpus-$bin-$RANDOM log=$scratch/log
  local flags=(-seed="$SEED" -print_final_stats=1)
  local options=fuzz/$opts.options
  if [[ -f $options ]]; then
    local len dict lc
    len=$(sed -n 's/^max_len *= *//p' "$options")
    dict=$(sed -n 's/^dict *= *//p' "$options")
    lc=$(sed -n 's/^len_control *= *//p' "$options")
    [[ -n $len ]] && flags+=(-max_len="$len")
    [[ -n $dict ]] && flags+=(-dict="fuzz/$dict")
    [[ -n $lc && -z ${NO_LEN_CONTROL:-} ]] && flags+=(-len_control="$lc")
  fi
  mkdir -p "$corpus"
  /usr/bin/time -f '%U %S' -o "$scratch/cpu" "$BUILD/fuzz/$bin" "${flags[@]}" "$@" "$corpus" ${SEEDS_DIR:+"$SEEDS_DIR"} >"$log" 2>&1 || {
    echo "$bin failed:" >&2; tail -n 20 "$log" >&2; exit 1; }
  local execs rate cov ft cpu
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
  # Executions per CPU second: less at the mercy of a loaded machine than
  # libFuzzer's exec/s, which divides by wall time.
  cpu=$(awk -v e="${execs:-0}" '{ c = $1 + $2; printf "%d", (c > 0 ? e / c : 0) }' "$scratch/cpu")
  echo "${execs:-0} ${rate:-0} ${cov:-0} ${ft:-0} ${cpu:-0}"
}

echo "fuzz_speed: $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg), seed $SEED, $BUILD"

if [[ $mode == speed || $mode == all ]]; then
  echo
  echo "## exec/s, ${SECS} s each from an empty corpus (fuzz_empty before and after)"
  read -r _ e1 _ _ c1 < <(run fuzz_empty fuzz_empty -max_total_time="$SECS")
  rows=()
  # The floor: the parser alone under the same instrumentation (no checks).
  read -r execs rate cov ft cpu < <(run fuzz_parse_only fuzz_frame_parse -max_total_time="$SECS")
  rows+=("fuzz_parse_only $execs $rate $cov $ft $cpu")
  for t in $TARGETS; do
    for v in "$t" "${t}_nomutator"; do
      read -r execs rate cov ft cpu < <(run "$v" "$t" -max_total_time="$SECS")
      rows+=("$v $execs $rate $cov $ft $cpu")
    done
  done
  read -r _ e2 _ _ c2 < <(run fuzz_empty fuzz_empty -max_total_time="$SECS")
  empty=$(( (e1 + e2) / 2 )) empty_cpu=$(( (c1 + c2) / 2 ))
  pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f%%", b ? 100 * a / b : 0 }'; }
  printf '%-32s %10s %9s %7s %11s %7s %6s %6s\n' target execs exec/s share exec/cpu-s share cov ft
  printf '%-32s %10s %9s %7s %11s %7s\n' fuzz_empty - "$empty" 100% "$empty_cpu" 100%
  for r in "${rows[@]}"; do
    read -r v execs rate cov ft cpu <<<"$r"
    printf '%-32s %10s %9s %7s %11s %7s %6s %6s\n' "$v" "$execs" "$rate" "$(pct "$rate" "$empty")" \
      "$cpu" "$(pct "$cpu" "$empty_cpu")" "$cov" "$ft"
  done
  echo "(fuzz_empty runs: $e1 and $e2 exec/s, $c1 and $c2 exec/cpu-s)"
  echo "(custom mutator cost: <target>_nomutator / <target>, exec/s and exec/cpu-s; goal <= 2)"
  for t in $TARGETS; do
    read -r _ _ m _ _ mc < <(printf '%s\n' "${rows[@]}" | awk -v t="$t" '$1 == t')
    read -r _ _ n _ _ nc < <(printf '%s\n' "${rows[@]}" | awk -v t="${t}_nomutator" '$1 == t')
    printf '%-32s %s %s\n' "$t" "$(awk -v m="$m" -v n="$n" 'BEGIN { printf "%.2f", m ? n / m : 0 }')" \
      "$(awk -v m="$mc" -v n="$nc" 'BEGIN { printf "%.2f", m ? n / m : 0 }')"
  done
fi

if [[ $mode == cost || $mode == all ]]; then
  echo
  echo "## cost per execution: $COST_RUNS runs from corpus/<target>, executions per CPU second"
  printf '%-24s %12s %12s %s\n' target "with mutator" "without" "ratio (goal <= 2)"
  for t in $TARGETS; do
    read -r _ _ _ _ m < <(SEEDS_DIR=corpus/$t run "$t" "$t" -runs="$COST_RUNS")
    read -r _ _ _ _ n < <(SEEDS_DIR=corpus/$t run "${t}_nomutator" "$t" -runs="$COST_RUNS")
    printf '%-24s %12s %12s %s\n' "$t" "$m" "$n" "$(awk -v m="$m" -v n="$n" 'BEGIN { printf "%.2f", m ? n / m : 0 }')"
  done
fi

if [[ $mode == coverage || $mode == all ]]; then
  echo
  echo "## coverage with and without the custom mutator (cov = edges, ft = features)"
  printf '%-24s %-26s %-26s %s\n' target "after $RUNS runs: cov ft" "after ${COV_SECS} s: cov ft" "execs in ${COV_SECS} s"
  for t in $TARGETS; do
    for v in "$t" "${t}_nomutator"; do
      read -r _ _ rc rf _ < <(run "$v" "$t" -runs="$RUNS")
      read -r te _ tc tf _ < <(run "$v" "$t" -max_total_time="$COV_SECS")
      printf '%-24s %-26s %-26s %s\n' "$v" "$rc $rf" "$tc $tf" "$te"
    done
  done
fi
