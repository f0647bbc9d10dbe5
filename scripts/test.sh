#!/usr/bin/env bash
# Builds and runs every test twice (the benchmarks once, briefly, after the first): a normal build, then one with
# AddressSanitizer + UndefinedBehaviorSanitizer (PDF code that writes past a
# buffer must fail here, not in an archive). Then every libFuzzer target for
# a bounded time (scripts/fuzz.sh; FUZZ_SECONDS each, default 60): a crash,
# leak, timeout or out-of-memory it finds fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPROTOKOLL_BENCH=ON >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"
# The benchmarks once, briefly, so they cannot rot (figures: bench/README.md).
build/bench/render_bench --benchmark_min_time=0.01 --benchmark_filter='2019' >/dev/null
python3 bench/process_bench.py --protokoll build/protokoll --quick >/dev/null

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DPROTOKOLL_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs"

bash scripts/fuzz.sh "${FUZZ_SECONDS:-60}"
