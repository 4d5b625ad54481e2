#include "gaplab/evaluation.h"

#include "gaplab/error.h"
#include "gaplab/stamping.h"
#include "image_set_impl.h"
#include "model_impl.h"

namespace gaplab {

double cleanAccuracy(const ImageModel& model, const ImageSet& test) {
  if (test.size() == 0) throw Error("cannot measure accuracy on an empty test set");
  return accuracy(test.labels(), model.predict(test));
}

namespace {

// The test samples an attack is measured on: those whose true class is not the target.
struct AttackPool {
  std::vector<int> indices;
  ImageSet images;
  std::vector<int> labels;
};

AttackPool attackPool(const ImageSet& test, int target) {
  if (target < 0 || target >= test.numClasses())
    throw Error("target class " + std::to_string(target) + " does not exist (classes 0-" +
                std::to_string(test.numClasses() - 1) + ")");
  AttackPool pool;
  pool.indices = test.indicesWithLabelOtherThan(target);
  pool.images = test.select(pool.indices);
  pool.labels = pool.images.labels();
  return pool;
}

}  // namespace

AttackEvaluation evaluateAttack(const ImageModel& model, const ImageSet& test, const Trigger& trigger,
                                Position position, int target) {
  const auto pool = attackPool(test, target);
  AttackEvaluation result;
  result.position = position;
  result.sampleIndices = pool.indices;
  result.predictions = model.predict(stampAll(pool.images, trigger, position));
  result.metrics = attackMetrics(pool.labels, result.predictions, target);
  return result;
}

std::vector<SweepCell> sweepPositions(const ImageModel& model, const ImageSet& test, const Trigger& trigger,
                                      int target, int stride, const std::function<void(int, int)>& progress,
                                      const std::atomic<bool>* stop) {
  const auto shape = test.shape();
  const auto grid = positionGrid(shape.height, shape.width, {trigger.height, trigger.width}, stride);
  const auto pool = attackPool(test, target);
  std::vector<SweepCell> cells;
  cells.reserve(grid.size());
  for (const auto& position : grid) {
    if (stop && stop->load()) throw Cancelled();
    const auto predictions = model.predict(stampAll(pool.images, trigger, position));
    cells.push_back({position, attackMetrics(pool.labels, predictions, target)});
    if (progress) progress(static_cast<int>(cells.size()), static_cast<int>(grid.size()));
  }
  return cells;
}

}  // namespace gaplab
