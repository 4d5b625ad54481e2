#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The defences against the Python reference, measured in one run on this
# machine (2 threads each): Neural Cleanse on all 10 classes of the lecture
# image model (the same 6,200 updates each side, then gaplab with the
# official defaults and early stopping), STRIP per 1,000 inputs at N = 100.
#   tests/bench/defences.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
. "$here/setup.sh"
cmake --build build --target gaplab-defence-bench -j"$(nproc)" >/dev/null
gaplab=$(build/tests/bench/gaplab-defence-bench)
reference=$(/usr/bin/python3 "$here/reference/defences_reference.py")
/usr/bin/python3 - "$gaplab" "$reference" <<'PY'
import json, sys
g, r = json.loads(sys.argv[1]), json.loads(sys.argv[2])
assert g["nc_fixed_updates"] == r["nc_fixed_updates"], (g["nc_fixed_updates"], r["nc_fixed_updates"])
print("Neural Cleanse, 10 classes x 20 steps x 31 updates: gaplab %.1f s, PyTorch %.1f s, ratio %.2fx"
      % (g["nc_fixed_20_steps_seconds"], r["nc_fixed_20_steps_seconds"],
         r["nc_fixed_20_steps_seconds"] / g["nc_fixed_20_steps_seconds"]))
print("Neural Cleanse, official defaults (early stopping), all 10 classes: %.1f s (%d class-steps; target <= 60 s)"
      % (g["nc_default_seconds"], g["nc_default_steps_all_classes"]))
print("Neural Cleanse verdict (official defaults): anomaly index %.2f against the threshold 2; flagged %s; "
      "the target (class %d) %s"
      % (g["nc_default_anomaly_index"], g["nc_default_flagged"] or "nothing", g["target"],
         "flagged first" if g["nc_default_flagged"][:1] == [g["target"]] else
         "flagged" if g["target"] in g["nc_default_flagged"] else "not flagged"))
print("STRIP, N = 100: gaplab %.2f s per 1,000 inputs (%d inputs), PyTorch %.2f s; ratio %.2fx (target <= 10 s)"
      % (g["strip_seconds_per_1000"], g["strip_inputs"], r["strip_seconds_per_1000"],
         r["strip_seconds_per_1000"] / g["strip_seconds_per_1000"]))
PY
