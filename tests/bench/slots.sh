#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# How many torch jobs at once serve this machine best: two lecture-image
# trainings one after the other (one slot) against both at once (two slots),
# each with LibTorch's default intra-op threads, in alternating rounds; prints
# the best wall time of each and their ratio. Usage: tests/bench/slots.sh [BUILD_DIR] [ROUNDS]
set -euo pipefail
build=${1:-build}
rounds=${2:-3}
cli="$build/app/gaplab-cli"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
train() { "$cli" train --preset lecture-image --head "$1" --seed "$2" --checkpoint "$work/$1$2.pt" >/dev/null 2>&1; }
now() { date +%s.%N; }
best_one=999999 best_two=999999
for ((round = 1; round <= rounds; ++round)); do
  start=$(now); train gap 11; train fc 12; one=$(echo "$(now) - $start" | bc)
  start=$(now); train gap 11 & train fc 12; wait; two=$(echo "$(now) - $start" | bc)
  echo "round $round: one slot ${one}s, two slots ${two}s"
  best_one=$(echo "if ($one < $best_one) $one else $best_one" | bc)
  best_two=$(echo "if ($two < $best_two) $two else $best_two" | bc)
done
echo "best: one slot ${best_one}s, two slots ${best_two}s; two slots are $(echo "scale=2; $best_one / $best_two" | bc)x faster"
