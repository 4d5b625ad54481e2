#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Combines gaplab-bench and reference.py results into the table and JSON of
tests/bench/run.sh. Each side may have run several rounds; the best round of
each side counts (the machine is noisy; both sides get the same chances)."""
import argparse
import json

TARGETS = {"train": 1.3, "infer": 1.5}  # ratios: at least this many times the reference
WALL_TARGETS = {  # at most, in the metric's unit
    "image position map (stride 1, 1,000 inputs)": 30.0,
    "live ASR update p95 (1,000 inputs, lecture model)": 100.0,
    "GUI event-loop stall during training": 50.0,
}


def best(files):
    """The best round per metric: the highest throughput, the shortest time."""
    values, units = {}, {}
    for path in files:
        with open(path) as f:
            for m in json.load(f)["metrics"]:
                name, value = m["name"], m["value"]
                lower_is_better = m["unit"] in ("s", "ms")
                if name not in values:
                    values[name] = value
                else:
                    values[name] = min(values[name], value) if lower_is_better else max(values[name], value)
                units[name] = m["unit"]
    return values, units


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", required=True)
    parser.add_argument("--gaplab", nargs="+", required=True)
    parser.add_argument("--reference", nargs="+", required=True)
    args = parser.parse_args()
    ours, units = best(args.gaplab)
    theirs, _ = best(args.reference)
    metrics = []
    for name, value in ours.items():
        reference = theirs.get(name)
        # Inference is also measured against the reference in channels-last
        # memory; the faster of the two is the one to beat.
        channels_last = theirs.get(name + " channels-last")
        if reference and channels_last:
            reference = max(reference, channels_last)
        seconds = units[name] in ("s", "ms")
        ratio = (reference / value if seconds else value / reference) if reference else None  # > 1: gaplab faster
        if name in WALL_TARGETS:
            target = WALL_TARGETS[name]
            met = value <= target
        elif reference is None:  # reported for context, no target (e.g. the live loop's p50)
            target, met = None, None
        else:
            target = next((t for key, t in TARGETS.items() if name.endswith(key)), 1.0)
            met = ratio is not None and ratio >= target
        metrics.append({"name": name, "value": round(value, 1), "unit": units[name],
                        "reference": round(reference, 1) if reference else None,
                        "reference_nchw": round(theirs[name], 1) if channels_last else None,
                        "reference_channels_last": round(channels_last, 1) if channels_last else None,
                        "ratio": round(ratio, 2) if ratio else None, "target": target, "met": met})
    with open(args.json, "w") as f:
        json.dump({"metrics": metrics}, f, indent=1)
    print(table(metrics))


def table(metrics):
    """The metrics as the fixed-width table run.sh prints."""
    rows = ["%-50s %9s %9s %-9s %7s %9s  %s" % ("metric", "gaplab", "python", "unit", "ratio", "target", "met")]
    for m in metrics:
        if m["target"] is None:
            target = "-"
        elif m["name"] in WALL_TARGETS:
            target = "<= %g %s" % (m["target"], m["unit"])
        else:
            target = "%.1fx" % m["target"]
        reference = "%9.1f" % m["reference"] if m["reference"] else "%9s" % "-"
        ratio = "%6.2fx" % m["ratio"] if m["ratio"] else "%7s" % "-"
        met = "-" if m["met"] is None else "yes" if m["met"] else "NO"
        rows.append("%-50s %9.1f %s %-9s %s %9s  %s" % (m["name"], m["value"], reference, m["unit"], ratio, target, met))
    rows.append("(inference: python is the faster of the reference in NCHW and in channels-last memory: %s)" % ", ".join(
        "%s %.0f / %.0f" % (m["name"], m["reference_nchw"], m["reference_channels_last"])
        for m in metrics if m.get("reference_channels_last")))
    return "\n".join(rows)

if __name__ == "__main__":
    main()
