// SPDX-License-Identifier: GPL-3.0-or-later
#include "gaplab/error.h"
#include "gaplab/experiment.h"
#include "gaplab/grid.h"

namespace gaplab {

GridJob::GridJob(ExperimentSpec spec) : spec_(std::move(spec)) { spec_.validate(); }

void GridJob::setProgressCallback(std::function<void(const GridProgress&)> callback) {
  onProgress_ = std::move(callback);
}
void GridJob::setRowCallback(std::function<void(const GridRow&)> callback) { onRow_ = std::move(callback); }

std::vector<GridRow> GridJob::rows() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return rows_;
}

std::vector<SamplePredictions> GridJob::predictions() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return predictions_;
}

void GridJob::run() {
  const auto experiment = Experiment::open(spec_);
  classes_ = static_cast<int>(experiment->classNames().size());
  const int trainings = static_cast<int>(spec_.heads.size() * spec_.trainPositions.size()) * spec_.reps;
  int index = 0;
  for (const auto head : spec_.heads) {
    for (const auto& trainPosition : spec_.trainPositions) {
      for (int rep = 0; rep < spec_.reps; ++rep) {
        ++index;
        GridProgress progress{index, trainings,
                              toString(head) + " @ " + trainPosition + ", rep " + std::to_string(rep), {}};
        TrainingCallbacks callbacks;
        callbacks.onBatch = [&](const BatchProgress& batch) {
          progress.batch = batch;
          if (onProgress_) onProgress_(progress);
        };
        const auto cell = experiment->train(head, trainPosition, rep, callbacks, &stop_);
        if (keepPredictions_) {
          std::vector<int> all(cell.testLabels.size());
          for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int>(i);
          std::lock_guard<std::mutex> lock(mutex_);
          predictions_.push_back(
              {toString(head), trainPosition, rep, "clean", std::move(all), cell.testLabels, cell.cleanPredictions});
        }
        for (const auto& testPosition : spec_.testPositions) {
          if (stop_) throw Cancelled();
          const auto attack = cell.model->attackAt(testPosition);
          GridRow row;
          row.modality = toString(spec_.modality);
          row.dataset = spec_.dataset;
          row.model = toString(spec_.model);
          row.head = toString(head);
          row.posTrain = trainPosition;
          row.posTest = testPosition;
          row.nPoison = cell.poisonCount;
          row.poisonPercent = cell.poisonPercent;
          row.rep = rep;
          row.seed = cell.record.seed;
          row.epochs = cell.training.epochsRun;
          row.cleanAccuracy = cell.record.cleanAccuracy;
          row.asr = attack.metrics.asr();
          row.robustAccuracy = attack.metrics.robustAccuracy();
          row.evaluated = attack.metrics.evaluated;
          row.truncated = attack.truncated;
          {
            std::lock_guard<std::mutex> lock(mutex_);
            rows_.push_back(row);
            if (keepPredictions_)
              predictions_.push_back({row.head, trainPosition, rep, testPosition, attack.samples, attack.labels,
                                      attack.predictions});
          }
          if (onRow_) onRow_(row);
        }
      }
    }
  }
}

}  // namespace gaplab
