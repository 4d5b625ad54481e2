// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Helpers shared by the CLI commands.
#include <functional>
#include <string>
#include <vector>

#include "gaplab/checkpoint.h"
#include "gaplab/training.h"
#include "progress_line.h"

namespace gaplab::cli {

std::string batchText(const BatchProgress& batch);
// A stage of work other than training: "nc 3/10, at most 12 s left".
std::string stageText(const std::string& stage, int done, int total, double secondsLeft);
// Batch progress on the progress line, one finished line per epoch.
TrainingCallbacks progressCallbacks(ProgressLine& progress);
// Prints what was trained (stdout) and where it was saved (stderr).
void reportSaved(const TrainingRecord& record, Head head, const std::string& checkpoint);
// "gaplab-cli: warning: ..." on stderr when `poisonCount` is a large share of
// the training split (gaplab/poison_share.h); training goes on.
void warnIfLargePoisonShare(int poisonCount, int trainingInputs);

}  // namespace gaplab::cli
