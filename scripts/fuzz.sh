#!/usr/bin/env bash
# fuzz.sh [SECONDS] [TARGET...] — builds the libFuzzer targets with clang
# (build-fuzz/, -DPROTOKOLL_FUZZ=ON: every library instrumented, ASan+UBSan)
# and runs each, one after the other, for SECONDS (default 60) on a scratch
# copy of its corpus and seeds (the source tree is never written), with the
# limits of a libFuzzer run: -timeout=30 -rss_limit_mb=2048 and -max_len
# (1 MB for the XML targets). Prints executions, exec/s and coverage per
# target; exits 1 when any target found a crash, leak, timeout or OOM,
# leaving its input in build-fuzz/findings/TARGET/ (each run's log in
# build-fuzz/logs/TARGET.log) (minimize it with
# `build-fuzz/tests/fuzz/TARGET_fuzzer -minimize_crash=1 -runs=10000 FILE`
# and commit it under tests/fuzz/regressions/TARGET/WHAT-IT-FOUND).
# Targets: parse render layout verify verify_trust cms tsa revocation.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(parse render layout verify verify_trust cms tsa revocation)
src=$(pwd)
build=$src/build-fuzz
command -v clang++ >/dev/null || { echo "fuzz: clang++ missing (scripts/install-deps.sh installs it)" >&2; exit 1; }

CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPROTOKOLL_FUZZ=ON >/dev/null
cmake --build "$build" -j"$(nproc)" --target "${targets[@]/%/_fuzzer}"

scratch=$(mktemp -d "${TMPDIR:-/tmp}/protokoll-fuzz.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
fuzz=$src/tests/fuzz
failed=()
summary=()
for target in "${targets[@]}"; do
  corpus=$scratch/$target/corpus seeds=()
  mkdir -p "$corpus" "$scratch/$target/findings"
  max_len=65536 dict=""
  case $target in
    parse)  seeds=("$fuzz/corpus/parse" examples layouts tests/fixtures/parse); dict=$fuzz/render.dict; max_len=1048576 ;;
    render) seeds=("$fuzz/corpus/render" examples tests/fixtures/parse/full-protocol.xml); dict=$fuzz/render.dict; max_len=1048576
            python3 "$fuzz/seeds/large_protocols.py" "$corpus" ;;
    layout) seeds=("$fuzz/corpus/layout" layouts tests/fixtures/parse/chain); dict=$fuzz/layout.dict; max_len=1048576 ;;
    verify|verify_trust) seeds=("$fuzz/corpus/verify"); dict=$fuzz/verify.dict; max_len=262144 ;;
    cms|tsa|revocation) seeds=("$fuzz/corpus/$target") ;;
    *) echo "fuzz: unknown target $target" >&2; exit 2 ;;
  esac
  for s in "${seeds[@]}"; do
    if [ -d "$s" ]; then find "$s" -type f -exec cp {} "$corpus/" \; ; else cp "$s" "$corpus/"; fi
  done
  log=$scratch/$target/log
  set +e
  (cd "$scratch/$target" && "$build/tests/fuzz/${target}_fuzzer" -max_total_time="$seconds" -timeout=30 \
     -rss_limit_mb=2048 -max_len="$max_len" ${dict:+-dict="$dict"} -print_final_stats=1 \
     -artifact_prefix="$scratch/$target/findings/" "$corpus" >"$log" 2>&1)
  rc=$?
  set -e
  mkdir -p "$build/logs" && cp "$log" "$build/logs/$target.log"
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
  line="fuzz: $target: ${execs:-?} executions in ${seconds} s (${speed:-?} exec/s), ${cov:-no coverage line}"
  # slow-unit-* (over 10 s, under -timeout) is told, not failed.
  slow=$(find "$scratch/$target/findings" -name 'slow-unit-*' | wc -l)
  [ "$slow" -eq 0 ] || echo "fuzz: $target: $slow inputs took over 10 s (not failures: the limit is 30 s)"
  if [ "$rc" -ne 0 ] || [ -n "$(find "$scratch/$target/findings" -type f ! -name 'slow-unit-*')" ]; then
    mkdir -p "$build/findings/$target"
    cp "$scratch/$target/findings/"* "$build/findings/$target/" 2>/dev/null || true
    grep -E -A30 '^==[0-9]+==ERROR|^SUMMARY|runtime error|deadly signal|libFuzzer: (timeout|out-of-memory)' "$log" | head -60 >&2 || true
    line="$line — FOUND A FAILURE (exit $rc), input in $build/findings/$target/"
    failed+=("$target")
  fi
  echo "$line"
  summary+=("$line")
done
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: failures in: ${failed[*]}" >&2
  exit 1
fi
