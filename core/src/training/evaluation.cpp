// SPDX-License-Identifier: GPL-3.0-or-later
#include "gaplab/evaluation.h"

#include "gaplab/error.h"
#include "gaplab/stamping.h"
#include "image_set_impl.h"
#include "image_model_impl.h"
#include "rng.h"

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
    cell.metrics.evaluated += m.evaluated;
    cell.metrics.hits += m.hits;
    cell.metrics.robust += m.robust;
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

std::vector<SweepCell> sweepPositions(const ImageModel& model, const ImageSet& test, const Trigger& trigger,
                                      int target, const SweepOptions& options,
                                      const std::function<void(int, int)>& progress,
                                      const std::atomic<bool>* stop) {
  if (options.batch <= 0) throw Error("sweep batch must be positive, got " + std::to_string(options.batch));
  if (!(options.halfWidth >= 0 && options.halfWidth < 0.5))
    throw Error("sweep precision must be in [0, 0.5), got " + std::to_string(options.halfWidth));
  const auto shape = test.shape();
  const auto grid = positionGrid(shape.height, shape.width, {trigger.height, trigger.width}, options.stride);
  AttackPool pool;
  if (options.halfWidth > 0) {  // a fixed random order, so that the first batches are a fair sample
    pool.images = test.select(attackOrder(test.labels(), target));
    pool.labels = pool.images.labels();
  } else {
    pool = attackPool(test, target);
  }
  std::vector<SweepCell> cells;
  cells.reserve(grid.size());
  for (const auto& position : grid) {
    auto cell = adaptiveAttack(pool.images.size(), options, [&](int start, int count) {
      std::vector<int> rows(static_cast<std::size_t>(count));
      for (int i = 0; i < count; ++i) rows[static_cast<std::size_t>(i)] = start + i;
      const auto batch = count == pool.images.size() ? pool.images : pool.images.select(rows);
      const auto predictions = model.predict(stampAll(batch, trigger, position));
      const std::vector<int> labels(pool.labels.begin() + start, pool.labels.begin() + start + count);
      return attackMetrics(labels, predictions, target);
    }, stop);
    cell.position = position;
    cells.push_back(cell);
    if (progress) progress(static_cast<int>(cells.size()), static_cast<int>(grid.size()));
  }
  return cells;
}

}  // namespace gaplab
