#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs the test suite under sanitizers (clang):
#   tests/sanitizers/run.sh asan   # ASan + UBSan, the whole suite, in build-asan/
#   tests/sanitizers/run.sh tsan   # TSan, the threading suites, in build-tsan/
set -euo pipefail
mode=${1:-}
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/tests/sanitizers"
case $mode in
  asan) sanitize="address;undefined"; build="$root/build-asan"; tests="" ;;
  tsan) sanitize="thread"; build="$root/build-tsan"
        # (tst_atomic_writes is left out: TSan's fork handling aborts in QProcess's clone-based spawn.)
        tests="tst_training_controller|tst_live_asr_controller|tst_torch_queue|tst_engine_agreement|tst_main_window|tst_workspaces" ;;
  *) echo "usage: $0 asan|tsan" >&2; exit 2 ;;
esac
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  "-DGAPLAB_SANITIZE=$sanitize" >/dev/null
cmake --build "$build" -j"$(nproc)"
export ASAN_OPTIONS="detect_odr_violation=0:halt_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$here/ubsan.supp"
export LSAN_OPTIONS="suppressions=$here/lsan.supp:print_suppressions=0"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$here/tsan.supp"
cd "$build"
if [ -n "$tests" ]; then
  ctest --output-on-failure --timeout 1800 -R "$tests"
else
  ctest --output-on-failure --timeout 1800 -E "tst_package|tst_screenshot_models"
fi
