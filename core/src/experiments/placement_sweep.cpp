// SPDX-License-Identifier: GPL-3.0-or-later
#include "gaplab/placement_sweep.h"

#include "gaplab/error.h"

namespace gaplab {

std::vector<SweepCell> sweepPlacements(ModelSession& session, const std::vector<Placement>& placements,
                                       const SweepOptions& options,
                                       const std::function<void(const SweepCell&, int, int)>& onCell,
                                       const std::atomic<bool>* stop) {
  if (options.batch <= 0) throw Error("sweep batch must be positive, got " + std::to_string(options.batch));
  if (!(options.halfWidth >= 0 && options.halfWidth < 0.5))
    throw Error("sweep precision must be in [0, 0.5), got " + std::to_string(options.halfWidth));
  std::vector<SweepCell> cells;
  cells.reserve(placements.size());
  const int total = static_cast<int>(placements.size());
  for (const auto& placement : placements) {
    auto cell = adaptiveAttack(
        session.poolSize(), options, [&](int start, int count) { return session.attack(start, count, placement); },
        stop);
    cell.position = placement;
    cells.push_back(cell);
    if (onCell) onCell(cells.back(), static_cast<int>(cells.size()), total);
  }
  return cells;
}

SweepRow sweepRow(const ExperimentSpec& spec, const SweepCell& cell) {
  SweepRow row;
  row.placement = placementToken(spec, cell.position);
  row.x = cell.position.x;
  row.y = cell.position.y;
  row.asr = cell.metrics.asr();
  row.robustAccuracy = cell.metrics.robustAccuracy();
  row.evaluated = cell.metrics.evaluated;
  row.asrLow = cell.interval.low;
  row.asrHigh = cell.interval.high;
  row.truncated = cell.metrics.truncated;
  return row;
}

const Table<SweepRow>& sweepCsvTable() {
  static const Table<SweepRow> table({
      textColumn("placement", &SweepRow::placement),
      integerColumn("x", &SweepRow::x),
      integerColumn("y", &SweepRow::y),
      numberColumn("asr", &SweepRow::asr, 6),
      numberColumn("r_acc", &SweepRow::robustAccuracy, 6),
      integerColumn("n_eval", &SweepRow::evaluated),
      numberColumn("asr_low", &SweepRow::asrLow, 6),
      numberColumn("asr_high", &SweepRow::asrHigh, 6),
      integerColumn("n_truncated", &SweepRow::truncated),
  });
  return table;
}

}  // namespace gaplab
