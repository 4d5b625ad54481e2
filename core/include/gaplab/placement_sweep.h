// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The position sweep, written once for every modality: the ASR of one model
// at each trigger placement a session offers (image: a pixel grid; sound:
// onset frames, or frames x bins for a painted trigger; text: the token the
// trigger goes before). gaplab-cli sweep and the GUI's position map both
// run it; its CSV has one schema, whatever the modality.
#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "gaplab/evaluation.h"
#include "gaplab/experiment.h"
#include "gaplab/table.h"

namespace gaplab {

// Measures `session` at each of `placements`, in that order, each one
// adaptively as `options` says. onCell(cell, done, total) after each.
// Throws Cancelled when *stop, Error for options out of range.
std::vector<SweepCell> sweepPlacements(ModelSession& session, const std::vector<Placement>& placements,
                                       const SweepOptions& options,
                                       const std::function<void(const SweepCell&, int done, int total)>& onCell = {},
                                       const std::atomic<bool>* stop = nullptr);

// One swept placement as the CSV keeps it.
struct SweepRow {
  std::string placement;  // named, as the CLI and the grid take it: "x:y", "@SECONDS", "@TOKEN"
  int x = 0;              // in the input a front end shows (see Placement)
  int y = 0;
  double asr = 0;
  double robustAccuracy = 0;
  int evaluated = 0;
  double asrLow = 0;  // 95% Wilson interval of the ASR
  double asrHigh = 0;
  int truncated = 0;  // text: triggers truncation cut (partly) off
};

SweepRow sweepRow(const ExperimentSpec& spec, const SweepCell& cell);

// placement,x,y,asr,r_acc,n_eval,asr_low,asr_high,n_truncated
const Table<SweepRow>& sweepCsvTable();

}  // namespace gaplab
