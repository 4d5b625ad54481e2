#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Fuzzes every parser of outside input with libFuzzer (clang, ASan + UBSan).
#   fuzz/run.sh [SECONDS_PER_TARGET [TARGET...]]     (default: 600 s each, all targets)
# Builds build-fuzz/ (clang, -DGAPLAB_FUZZ=ON), writes the seed corpora with
# gaplab-make-seeds, grows one corpus per target in build-fuzz/corpus/TARGET,
# and puts any crashing input in build-fuzz/crashes/. Prints one line per target.
set -euo pipefail
seconds=${1:-600}
[ $# -gt 0 ] && shift
root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build-fuzz"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(idx cifar audio imdb_json aclimdb spec_json session checkpoint trigger_image)

command -v clang++ >/dev/null || { echo "fuzz/run.sh needs clang (apt install clang)" >&2; exit 2; }
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DGAPLAB_FUZZ=ON "-DGAPLAB_SANITIZE=address;undefined" >/dev/null
cmake --build "$build" -j"$(nproc)" --target gaplab-make-seeds $(printf 'fuzz_%s ' "${targets[@]}") >/dev/null
mkdir -p "$build/corpus" "$build/crashes"
"$build/fuzz/gaplab-make-seeds" "$build/corpus/seeds"

# LeakSanitizer: see fuzz/lsan.supp for what is suppressed and why.
export LSAN_OPTIONS="suppressions=$root/fuzz/lsan.supp:print_suppressions=0"
export ASAN_OPTIONS="allocator_may_return_null=0:detect_odr_violation=0"
export QT_QPA_PLATFORM=offscreen
printf '%-14s %10s %8s %8s  %s\n' target runs "cov" "ft" result
for target in "${targets[@]}"; do
  mkdir -p "$build/corpus/$target"
  log="$build/fuzz-$target.log"
  status=0
  "$build/fuzz/fuzz_$target" -max_total_time="$seconds" -print_final_stats=1 -timeout=30 -rss_limit_mb=4096 \
    -artifact_prefix="$build/crashes/$target-" "$build/corpus/$target" "$build/corpus/seeds/$target" >"$log" 2>&1 || status=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo "?")
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo "?")
  result="no crash in ${seconds} s"
  [ "$status" -eq 0 ] || result="CRASH (exit $status): see $log and $build/crashes/"
  printf '%-14s %10s %8s %8s  %s\n' "$target" "$runs" "$cov" "$ft" "$result"
done
