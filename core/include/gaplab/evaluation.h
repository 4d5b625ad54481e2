#pragma once
#include <atomic>
#include <functional>
#include <vector>

#include "gaplab/image_set.h"
#include "gaplab/metrics.h"
#include "gaplab/model.h"
#include "gaplab/positions.h"
#include "gaplab/trigger.h"

namespace gaplab {

double cleanAccuracy(const ImageModel& model, const ImageSet& test);

struct AttackEvaluation {
  Position position;
  AttackMetrics metrics;
  std::vector<int> sampleIndices;  // test indices evaluated (true class != target)
  std::vector<int> predictions;    // prediction per evaluated sample
};

AttackEvaluation evaluateAttack(const ImageModel& model, const ImageSet& test, const Trigger& trigger,
                                Position position, int target);

struct SweepCell {
  Position position;
  AttackMetrics metrics;
};

// ASR at every position of a stride grid. progress(done, total) after each cell.
std::vector<SweepCell> sweepPositions(const ImageModel& model, const ImageSet& test, const Trigger& trigger,
                                      int target, int stride,
                                      const std::function<void(int, int)>& progress = {},
                                      const std::atomic<bool>* stop = nullptr);

}  // namespace gaplab
