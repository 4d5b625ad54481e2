// SPDX-License-Identifier: GPL-3.0-or-later
#include "gaplab/evaluation.h"

#include "gaplab/error.h"
#include "gaplab/stamping.h"
#include "image_set_impl.h"
#include "image_model_impl.h"
#include "rng.h"

namespace gaplab {

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

AttackResult evaluateAttack(const ImageModel& model, const ImageSet& test, const Trigger& trigger, Position position,
                            int target) {
  const auto pool = attackPool(test, target);
  AttackResult result;
  result.samples = pool.indices;
  result.labels = pool.labels;
  result.predictions = model.predict(stampAll(pool.images, trigger, position));
  result.metrics = attackMetrics(pool.labels, result.predictions, target);
  return result;
}

SweepCell adaptiveAttack(int poolSize, const SweepOptions& options, const AttackBatch& evaluate,
                         const std::atomic<bool>* stop) {
  const int step = options.halfWidth > 0 ? std::max(1, options.batch) : poolSize;
  SweepCell cell;
  for (int start = 0; start < poolSize; start += step) {
    if (stop && stop->load()) throw Cancelled();
    const auto m = evaluate(start, std::min(step, poolSize - start));
    cell.metrics += m;
    cell.interval = wilsonInterval(cell.metrics.hits, cell.metrics.evaluated);
    if (options.halfWidth > 0 && (cell.interval.high - cell.interval.low) / 2 <= options.halfWidth) break;
  }
  return cell;
}

std::vector<int> attackOrder(const std::vector<int>& labels, int target) {
  std::vector<int> rows;
  for (std::size_t i = 0; i < labels.size(); ++i)
    if (labels[i] != target) rows.push_back(static_cast<int>(i));
  SplitMix64 rng(0x5eedULL);
  shuffleInPlace(rows, rng);
  return rows;
}

}  // namespace gaplab
