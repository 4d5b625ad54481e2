// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <atomic>
#include <functional>
#include <vector>

#include "gaplab/image_set.h"
#include "gaplab/metrics.h"
#include "gaplab/image_model.h"
#include "gaplab/positions.h"
#include "gaplab/trigger.h"

namespace gaplab {

AttackResult evaluateAttack(const ImageModel& model, const ImageSet& test, const Trigger& trigger,
                                Position position, int target);

struct SweepCell {
  Position position;
  AttackMetrics metrics;
  Interval interval;  // 95% Wilson interval of the ASR
};

struct SweepOptions {
  // 0: every input at every position. Otherwise inputs are evaluated in
  // batches, in a fixed random order, until the 95% Wilson interval of the
  // position's ASR is at most this wide on each side (a position at ASR 0
  // settles after ~75 inputs; one at 50% needs them all).
  double halfWidth = 0;
  int batch = 64;
};

// The attack pool (indices of inputs whose true class is not `target`) in the
// fixed random order every adaptive evaluation uses, CLI and GUI alike: any
// prefix is a fair sample. The generator is gaplab's own (portable).
std::vector<int> attackOrder(const std::vector<int>& labels, int target);

// Counts over rows [start, start + count) of an attack pool in a fixed
// random order, with the trigger wherever the caller put it.
using AttackBatch = std::function<AttackMetrics(int start, int count)>;
// Evaluates batches of `batch` rows until the 95% Wilson interval's half
// width is at most `halfWidth` (0: every row). Throws Cancelled when *stop.
SweepCell adaptiveAttack(int poolSize, const SweepOptions& options, const AttackBatch& evaluate,
                         const std::atomic<bool>* stop = nullptr);

}  // namespace gaplab
