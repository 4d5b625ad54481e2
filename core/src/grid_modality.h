#pragma once
// Internal: what the grid runner needs from a modality. One training per
// (head, training position, rep); the trained model answers for any test position.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gaplab/experiment_spec.h"
#include "gaplab/metrics.h"
#include "gaplab/training.h"

namespace gaplab {

struct CellAttack {
  AttackMetrics metrics;
  std::vector<int> samples;  // test indices evaluated
  std::vector<int> labels;
  std::vector<int> predictions;
  int truncated = 0;
};

struct TrainedCell {
  TrainingResult training;
  double cleanAccuracy = 0;
  int poisonCount = 0;
  double poisonPercent = 0;
  std::uint64_t seed = 0;
  std::vector<int> testLabels;
  std::vector<int> cleanPredictions;
  std::function<CellAttack(const std::string& testPosition)> attack;
};

class GridModality {
public:
  virtual ~GridModality() = default;
  virtual TrainedCell train(Head head, const std::string& trainPosition, int rep, const TrainingCallbacks& callbacks,
                            const std::atomic<bool>* stop) = 0;
};

std::unique_ptr<GridModality> makeGridModality(const ExperimentSpec& spec);  // loads the data

}  // namespace gaplab
